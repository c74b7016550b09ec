// The product document as shop owners write it (Admin SDK or Firebase console).
// Validated on every read: a typo in the console must give a clear refusal, never a bad order.
import { z } from "zod";

// A product id: a Firestore document id that is safe to use as one path segment.
export const productIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/, "use only letters, digits, '_' and '-'");

// A location id (locations/{id}): one safe path segment, also a map key in products.
export const locationIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "use only letters, digits, '_' and '-'");

const bucketsSchema = z.object({
  onHand: z.number().int().nonnegative(),
  committed: z.number().int().nonnegative(),
  held: z.number().int().nonnegative(),
});

const alertStateSchema = z.object({ lowStock: z.literal("fired").optional(), outOfStock: z.literal("fired").optional() });

export const productSchema = z.object({
  name: z.string().min(1),
  price: z.number().int().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 code such as EUR"),
  quantity: z.number().int().nonnegative(),
  status: z.enum(["in_stock", "out_of_stock"]),
  // Optional: the most units one buyer may buy, across all their orders.
  maxPerCustomer: z.number().int().min(1).optional(),
  // Units on hold for checkouts (already taken out of `quantity`); absent means none.
  held: z.number().int().nonnegative().optional(),
  // Units of confirmed orders not yet shipped (out of `quantity`, still on the shelf).
  committed: z.number().int().nonnegative().optional(),
  // Units on the shelf: available + committed + held + safety stock (stock/buckets.ts).
  // Absent on products from before it existed: derived from the others.
  onHand: z.number().int().nonnegative().optional(),
  // Units kept back from sale (damaged-stock margin, display units).
  safetyStock: z.number().int().nonnegative().optional(),
  // Available units at or below this are low stock (the console's filter).
  reorderPoint: z.number().int().nonnegative().optional(),
  // Written with every stock change: available is at or below the reorder point (queryable).
  lowStock: z.boolean().optional(),
  // Reorder points of single locations: a location whose available units are at or below its
  // own is low there.
  locationReorderPoints: z.record(locationIdSchema, z.number().int().nonnegative()).optional(),
  // Written with every stock change: the locations low by their own reorder point (sorted; queryable).
  lowStockAt: z.array(locationIdSchema).optional(),
  // Buckets per location (stock/buckets.ts); absent: everything at the default location.
  locations: z.record(locationIdSchema, bucketsSchema).optional(),
  // Written with every stock change: which stock alerts have fired and not re-armed
  // (model/stockAlerts.ts). Unreadable (edited by hand) counts as never evaluated.
  alerts: z
    .object({ product: alertStateSchema.optional(), locations: z.record(locationIdSchema, alertStateSchema).optional() })
    .optional()
    .catch(undefined),
  // The product's last event's sequence (its stock alerts).
  eventSequence: z.number().int().nonnegative().optional(),
  // Moved by every write this backend makes (a write that doesn't move it came from elsewhere).
  revision: z.number().int().optional(),
});

export type Product = z.infer<typeof productSchema>;
