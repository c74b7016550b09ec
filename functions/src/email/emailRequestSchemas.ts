// What admins may send to the email callables (re-send one confirmation, sweep now).
import { z } from "zod";
import { orderIdSchema } from "../model/orderIdSchema";

export const resendConfirmationSchema = z.strictObject({ orderId: orderIdSchema });

export const sweepNowSchema = z.strictObject({
  // Pending confirmations younger than this are left to their own delivery.
  minAgeSeconds: z.number().int().min(0).max(86_400).optional(),
});

export type ResendConfirmationRequest = z.infer<typeof resendConfirmationSchema>;
export type SweepNowRequest = z.infer<typeof sweepNowSchema>;
