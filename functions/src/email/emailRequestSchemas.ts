// What admins may send to the email callables (re-send one confirmation, sweep now) and what
// they answer. Free of server imports: the client package bundles it.
import { z } from "zod";
import { localeSchema } from "../model/localeSchema";
import { orderIdSchema } from "../model/orderIdSchema";
import { EMAIL_KINDS } from "./emailTemplates";

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

// Renders an email without sending it: with a real order's data, or a sample order.
export const previewEmailSchema = z.strictObject({
  kind: z.enum(EMAIL_KINDS),
  orderId: orderIdSchema.optional(),
  // Preview as a buyer with this language would get it (default: the order's, else the shop's).
  locale: localeSchema.optional(),
});

export type PreviewEmailRequest = z.infer<typeof previewEmailSchema>;

export interface EmailPreview {
  kind: (typeof EMAIL_KINDS)[number];
  orderId: string;
  sample: boolean;
  subject: string;
  text: string;
  html: string;
  // "default", or the template document used.
  source: string;
  // Why the shop's template was not used; empty when it was (or there is none).
  problems: string[];
}
