// Why a request is refused whatever it asks: how it was sent, how often, or how busy the shop is.
export type RequestRefusal =
  | { reason: "request-id-reused"; requestId: string }
  // Over the per-buyer rate limit (ORDER_RATE_LIMIT_PER_MINUTE).
  | { reason: "rate-limited"; retryAfterSeconds: number; limitPerMinute: number }
  // Lost races until the time budget ran out, while placing (default) or cancelling an order or changing stock.
  | { reason: "contention"; during?: "cancel" | "stock-change" };
