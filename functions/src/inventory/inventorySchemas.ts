// What admins may send to the inventory callables (and the admin CLI). Strict, like
// placeOrder: an unknown field is a typo, never silently ignored.
import { z } from "zod";
import { locationIdSchema, productIdSchema } from "../stock/productSchema";
import { requestIdSchema } from "../model/requestIdSchema";
import type { StockChange } from "../stock/stockReports";

export const MAX_STOCK = 1_000_000_000;
const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

const reasonSchema = z.string().trim().min(1).max(500);

export const upsertProductSchema = z.strictObject({
  productId: productIdSchema,
  name: z.string().trim().min(1).max(200),
  // Minor units (cents): integers only, so totals never round.
  price: z.number().int().min(0).max(MAX_STOCK),
  currency: z.string().refine((code) => CURRENCIES.has(code), "an ISO 4217 code such as EUR"),
  // Opening stock of a new product. An existing product's stock changes only by restock or
  // stock-take: a quantity for it is refused ("quantity-not-editable").
  quantity: z.number().int().min(0).max(MAX_STOCK).optional(),
  // The most units one buyer may buy across orders; null removes the limit.
  maxPerCustomer: z.number().int().min(1).max(MAX_STOCK).nullable().optional(),
  // Units kept back from sale (on the shelf, never sold); null removes it.
  safetyStock: z.number().int().min(0).max(MAX_STOCK).nullable().optional(),
  // Available units at or below this count as low stock (the console's filter); null removes it.
  reorderPoint: z.number().int().min(0).max(MAX_STOCK).nullable().optional(),
  // Reorder points of single locations, all of them (they replace the ones before); null removes them.
  locationReorderPoints: z
    .record(locationIdSchema, z.number().int().min(0).max(MAX_STOCK))
    .refine((points) => Object.keys(points).length <= 100, "at most 100 locations")
    .nullable()
    .optional(),
});

export const restockProductSchema = z.strictObject({
  productId: productIdSchema,
  add: z.number().int().min(1).max(MAX_STOCK),
  reason: reasonSchema.optional(),
  // Where the units arrive (default: the default location).
  locationId: locationIdSchema.optional(),
});

// A stock-take: `quantity` is every unit counted on the shelf, those of orders not shipped yet
// and those on checkout holds included; it becomes on hand, and what is left to sell follows.
export const adjustStockSchema = z.strictObject({
  productId: productIdSchema,
  quantity: z.number().int().min(0).max(MAX_STOCK),
  reason: reasonSchema,
  // A count below the units promised (committed + held) is refused unless this says the
  // shortfall is real.
  acceptShortfall: z.boolean().optional(),
  // The location counted (default: the default location).
  locationId: locationIdSchema.optional(),
});

// Units moved between two locations in one commit, once per requestId.
export const transferStockSchema = z
  .strictObject({
    productId: productIdSchema,
    from: locationIdSchema,
    to: locationIdSchema,
    quantity: z.number().int().min(1).max(MAX_STOCK),
    reason: reasonSchema,
    requestId: requestIdSchema,
  })
  .refine((request) => request.from !== request.to, { message: "from and to must be different locations", path: ["to"] });

export type TransferStockRequest = z.infer<typeof transferStockSchema>;
export type TransferStockResult = StockChange & { transferId: string; replayed: boolean };

// A location (locations/{locationId}): created, renamed, reordered, (de)activated by admins.
export const upsertLocationSchema = z
  .strictObject({
    locationId: locationIdSchema,
    name: z.string().trim().min(1).max(100),
    // Lower gives units first under the "priority" strategy.
    priority: z.number().int().min(0).max(1_000_000).optional(),
    // Inactive: takes no stock and gives none; deactivating needs it empty.
    active: z.boolean().optional(),
  })
  .refine((request) => !(request.locationId === "default" && request.active === false), { message: "the default location is always active", path: ["active"] });

export type UpsertLocationRequest = z.infer<typeof upsertLocationSchema>;

// Ledger check of some products (all when omitted).
// The named products, or a page of the whole catalog in id order (after `after`; 500 by default).
export const checkLedgerSchema = z
  .strictObject({
    productIds: z.array(productIdSchema).min(1).max(500).optional(),
    after: productIdSchema.optional(),
    pageSize: z.number().int().min(1).max(1000).optional(),
  })
  .refine((request) => !request.productIds || (request.after === undefined && request.pageSize === undefined), { message: "name products, or page through the catalog (after, pageSize), not both" });

export type CheckLedgerRequest = z.infer<typeof checkLedgerSchema>;
export type UpsertProductRequest = z.infer<typeof upsertProductSchema>;
export type RestockProductRequest = z.infer<typeof restockProductSchema>;
export type AdjustStockRequest = z.infer<typeof adjustStockSchema>;
