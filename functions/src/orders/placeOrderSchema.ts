// What a shop's app may send to placeOrder. Strict: unknown fields are refused so that a
// typo such as `qty` can never be silently ignored.
import { z } from "zod";
import { productIdSchema } from "../stock/productSchema";
import { localeSchema } from "../model/localeSchema";
import { requestIdSchema } from "../model/requestIdSchema";
import { shippingAddressSchema } from "../model/shippingAddress";

export { localeSchema };

export { productIdSchema };

export const MAX_LINES = 20;
export const MAX_QUANTITY_PER_LINE = 1000;

const orderLineSchema = z.strictObject({
  productId: productIdSchema,
  quantity: z.number().int().min(1).max(MAX_QUANTITY_PER_LINE),
});

export const placeOrderRequestSchema = z.strictObject({
  items: z
    .array(orderLineSchema)
    .min(1)
    .max(MAX_LINES)
    .refine((items) => new Set(items.map((item) => item.productId)).size === items.length, {
      message: "list each product once; add up the quantities instead of repeating a line",
    }),
  requestId: requestIdSchema,
  // Optional: else the account's `locale` claim, else the shop's default language.
  locale: localeSchema.optional(),
  // Where the order ships; required when the shop sets REQUIRE_SHIPPING_ADDRESS. Not part of what
  // makes a retry the same request: a retry replays the order as first placed, address included.
  shippingAddress: shippingAddressSchema.optional(),
});

export type PlaceOrderRequest = z.infer<typeof placeOrderRequestSchema>;
export type OrderLineRequest = z.infer<typeof orderLineSchema>;
