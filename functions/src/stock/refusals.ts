// Why an order, a cancellation or a stock change is refused, as data: a `reason` and what a program needs to
// act on it. The core returns or throws these; each callable turns them into an HttpsError
// once, at its edge (api/httpsErrors.ts), so they can be stored, compared and tested
// without the Functions SDK.
export type Refusal =
  | { reason: "product-not-found"; productId: string }
  // `during`: an admin stock change (whose message points at upsertProduct), ending a hold (whose
  // units wait until the product is fixed), else an order. `problem` is for the shop's logs.
  | { reason: "product-misconfigured"; productId: string; problem: string; during?: "stock-change" | "hold-end" }
  | { reason: "insufficient-stock"; productId: string; name: string; requested: number; available: number }
  | { reason: "per-customer-limit"; productId: string; name: string; limit: number; alreadyBought: number; canBuy: number }
  | { reason: "mixed-currencies"; currencies: string[] }
  | { reason: "request-id-reused"; requestId: string }
  | { reason: "order-not-found"; orderId: string }
  | { reason: "cancel-window-passed"; orderId: string; windowMinutes: number }
  // A cancelled order's product is gone or broken, so its units can't go back.
  | { reason: "product-unavailable"; orderId: string; productId: string; state: "gone" | "misconfigured" }
  | { reason: "stock-too-large"; productId: string; max: number }
  // upsertProduct with a quantity for a product that exists: stock changes by restock or stock-take.
  | { reason: "quantity-not-editable"; productId: string; quantity: number }
  // A stock-take that counted fewer units than are on checkout holds.
  | { reason: "count-below-held"; productId: string; counted: number; held: number }
  // A checkout hold that is not (or no longer) the caller's to use.
  | { reason: "hold-not-found"; holdId: string }
  | { reason: "hold-expired"; holdId: string; state: "expired" | "released" }
  // Over one of the shop's caps on holds: the buyer's live holds, the units of one product one
  // buyer may hold, or the share of a product all holds together may take.
  | { reason: "hold-limit"; scope: "buyer-holds" | "buyer-units" | "product"; limit: number; canHold: number; productId?: string; name?: string }
  // Over the per-buyer rate limit (ORDER_RATE_LIMIT_PER_MINUTE).
  | { reason: "rate-limited"; retryAfterSeconds: number; limitPerMinute: number }
  // Lost races until the time budget ran out, while placing (default) or cancelling an order or changing stock.
  | { reason: "contention"; during?: "cancel" | "stock-change" };

export class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(`refused: ${refusal.reason}`);
  }
}

export function perCustomerLimit(productId: string, name: string, limit: number, alreadyBought: number): Refusal {
  return { reason: "per-customer-limit", productId, name, limit, alreadyBought, canBuy: Math.max(0, limit - alreadyBought) };
}
