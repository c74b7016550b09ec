// What admins may send to the inventory callables (and the admin CLI). Strict, like
// placeOrder: an unknown field is a typo, never silently ignored.
import { z } from "zod";
import { productIdSchema } from "../stock/productSchema";

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
});

export const restockProductSchema = z.strictObject({
  productId: productIdSchema,
  add: z.number().int().min(1).max(MAX_STOCK),
  reason: reasonSchema.optional(),
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
});

// Ledger check of some products (all when omitted).
export const checkLedgerSchema = z.strictObject({
  productIds: z.array(productIdSchema).min(1).max(500).optional(),
});

export type CheckLedgerRequest = z.infer<typeof checkLedgerSchema>;
export type UpsertProductRequest = z.infer<typeof upsertProductSchema>;
export type RestockProductRequest = z.infer<typeof restockProductSchema>;
export type AdjustStockRequest = z.infer<typeof adjustStockSchema>;
