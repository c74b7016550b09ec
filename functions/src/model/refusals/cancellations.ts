// Why an order can't be cancelled.
export type CancelRefusal =
  | { reason: "order-not-found"; orderId: string }
  | { reason: "cancel-window-passed"; orderId: string; windowMinutes: number }
  // Units have shipped: a buyer can't cancel any more, and nobody can cancel what all shipped
  // (that is a return).
  | { reason: "order-shipped"; orderId: string; shipped: number; unshipped: number }
  // A cancelled order's product is gone or broken, so its units can't go back.
  | { reason: "product-unavailable"; orderId: string; productId: string; state: "gone" | "misconfigured" };
