import { z } from "zod";
import { orderIdSchema } from "../model/orderIdSchema";

export { orderIdSchema };

export const cancelOrderRequestSchema = z.strictObject({
  orderId: orderIdSchema,
  reason: z.string().trim().min(1).max(500),
});

export type CancelOrderRequest = z.infer<typeof cancelOrderRequestSchema>;
