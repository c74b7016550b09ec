// Words the pages show for the backend's codes, in one place.
import { BUYER_CANCEL_REASONS as BUYER_REASONS, type CancelReason, type ConfirmationStatus, type OrderStatus } from "@firebase-inventory/client";

export const ORDER_STATUS: Record<OrderStatus, string> = {
  confirmed: "confirmed",
  partially_fulfilled: "partly shipped",
  fulfilled: "shipped",
  cancelled: "cancelled",
};

export const EMAIL_STATUS: Record<ConfirmationStatus, string> = {
  pending: "queued",
  sending: "sending",
  sent: "sent",
  failed: "failed",
};

// How a person picks why an order is cancelled; the backend emails its own fixed words for it.
export const CANCEL_REASON_LABELS: Record<CancelReason, string> = {
  "changed-mind": "I changed my mind",
  "ordered-by-mistake": "I ordered by mistake",
  "found-better-price": "I found a better price",
  "delivery-too-slow": "Delivery takes too long",
  "customer-request": "The customer asked for it",
  "out-of-stock": "An item can't be supplied",
  "payment-problem": "Payment problem",
  "suspected-fraud": "Suspected fraud",
  "shop-error": "Our mistake",
  other: "Other reason",
};

// The backend accepts only these from a buyer.
export const BUYER_CANCEL_REASONS: readonly CancelReason[] = BUYER_REASONS;
export const ADMIN_CANCEL_REASONS: readonly CancelReason[] = ["customer-request", "out-of-stock", "payment-problem", "suspected-fraud", "shop-error", "other"];
