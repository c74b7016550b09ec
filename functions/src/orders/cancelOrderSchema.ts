import { z } from "zod";
import { BUYER_CANCEL_REASONS, CANCEL_REASONS, type CancelReason } from "../model/cancelReasons";
import { orderIdSchema } from "../model/orderIdSchema";

export { orderIdSchema, BUYER_CANCEL_REASONS, CANCEL_REASONS, type CancelReason };

export const cancelOrderRequestSchema = z.strictObject({
  orderId: orderIdSchema,
  // A code from the fixed list: the cancellation email gives the shop's words for it.
  reason: z.enum(CANCEL_REASONS, { error: `one of ${CANCEL_REASONS.join(", ")} (your own words go in "note")` }),
  // Your own words, stored with the order for the shop; never put into an email.
  note: z.string().trim().min(1).max(500).optional(),
});

export type CancelOrderRequest = z.infer<typeof cancelOrderRequestSchema>;

export interface CancelOrderResult {
  orderId: string;
  status: "cancelled";
  // True when the order was cancelled before this call: nothing changed now.
  alreadyCancelled: boolean;
  returned: { productId: string; quantity: number }[];
}
