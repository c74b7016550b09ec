import { z } from "zod";

export const orderIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, "an order id");

export const cancelOrderRequestSchema = z.strictObject({
  orderId: orderIdSchema,
  reason: z.string().trim().min(1).max(500),
});

export type CancelOrderRequest = z.infer<typeof cancelOrderRequestSchema>;
