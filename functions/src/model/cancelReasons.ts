// Why an order was cancelled, from a fixed list. The code is stored with the order and the
// cancellation email says the shop's own fixed words for it: never words someone typed, so a
// stranger can't make the shop's address carry their text. Free text goes in `note`, kept for
// the shop and never emailed.
export const CANCEL_REASONS = [
  "changed-mind",
  "ordered-by-mistake",
  "found-better-price",
  "delivery-too-slow",
  "customer-request",
  "out-of-stock",
  "payment-problem",
  "suspected-fraud",
  "shop-error",
  "other",
] as const;

export type CancelReason = (typeof CANCEL_REASONS)[number];

// The reasons a buyer may give for their own order; the others speak for the shop (admins).
export const BUYER_CANCEL_REASONS: readonly CancelReason[] = ["changed-mind", "ordered-by-mistake", "found-better-price", "delivery-too-slow", "other"];

export function isCancelReason(value: unknown): value is CancelReason {
  return typeof value === "string" && (CANCEL_REASONS as readonly string[]).includes(value);
}
