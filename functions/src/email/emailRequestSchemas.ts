// What admins may send to the email callables (re-send one confirmation, sweep now) and what
// they answer. Free of server imports: the client package bundles it.
import { z } from "zod";
import { orderIdSchema } from "../model/orderIdSchema";

export const resendConfirmationSchema = z.strictObject({ orderId: orderIdSchema });

export const sweepNowSchema = z.strictObject({
  // Pending confirmations younger than this are left to their own delivery.
  minAgeSeconds: z.number().int().min(0).max(86_400).optional(),
});

export type ResendConfirmationRequest = z.infer<typeof resendConfirmationSchema>;
export type SweepNowRequest = z.infer<typeof sweepNowSchema>;

export type DeliveryOutcome = "sent" | "already-sent" | "in-progress" | "failed-permanently" | "gave-up" | "order-missing" | "not-sendable";

export interface SweepSummary {
  found: number;
  outcomes: Partial<Record<DeliveryOutcome | "retry-later", number>>;
}
