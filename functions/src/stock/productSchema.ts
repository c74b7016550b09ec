// The product document as shop owners write it (Admin SDK or Firebase console).
// Validated on every read: a typo in the console must give a clear refusal, never a bad order.
import { z } from "zod";

// A product id: a Firestore document id that is safe to use as one path segment.
export const productIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/, "use only letters, digits, '_' and '-'");

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
});

export type Product = z.infer<typeof productSchema>;

export function stockStatus(quantity: number): Product["status"] {
  return quantity > 0 ? "in_stock" : "out_of_stock";
}
