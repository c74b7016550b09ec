// Why an order can't be cancelled.
export type CancelRefusal =
  | { reason: "order-not-found"; orderId: string }
  | { reason: "cancel-window-passed"; orderId: string; windowMinutes: number }
  // A cancelled order's product is gone or broken, so its units can't go back.
  | { reason: "product-unavailable"; orderId: string; productId: string; state: "gone" | "misconfigured" };
