// Why an order (or a stock change) is refused, as data: a `reason` and what a program needs to
// act on it. The core returns or throws these; each callable turns them into an HttpsError
// once, at its edge (see orders/orderErrors.ts), so they can be stored, compared and tested
// without the Functions SDK.
export type Refusal =
  | { reason: "product-not-found"; productId: string }
  | { reason: "product-misconfigured"; productId: string; problem: string }
  | { reason: "insufficient-stock"; productId: string; name: string; requested: number; available: number }
  | { reason: "per-customer-limit"; productId: string; name: string; limit: number; alreadyBought: number; canBuy: number }
  | { reason: "mixed-currencies"; currencies: string[] }
  | { reason: "request-id-reused"; requestId: string }
  // Lost races until the time budget ran out.
  | { reason: "contention" };

export class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(`refused: ${refusal.reason}`);
  }
}

export function perCustomerLimit(productId: string, name: string, limit: number, alreadyBought: number): Refusal {
  return { reason: "per-customer-limit", productId, name, limit, alreadyBought, canBuy: Math.max(0, limit - alreadyBought) };
}
