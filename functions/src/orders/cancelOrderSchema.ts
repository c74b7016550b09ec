import { z } from "zod";
import { orderIdSchema } from "../model/orderIdSchema";

export { orderIdSchema };

export const cancelOrderRequestSchema = z.strictObject({
  orderId: orderIdSchema,
  reason: z.string().trim().min(1).max(500),
});

export type CancelOrderRequest = z.infer<typeof cancelOrderRequestSchema>;

export interface CancelOrderResult {
  orderId: string;
  status: "cancelled";
  // True when the order was cancelled before this call: nothing changed now.
  alreadyCancelled: boolean;
  returned: { productId: string; quantity: number }[];
}
