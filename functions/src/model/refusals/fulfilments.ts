// Why a shipment (fulfillOrder) is refused.
export type FulfilmentRefusal =
  // Cancelled, or everything already shipped.
  | { reason: "order-not-fulfillable"; orderId: string; status: "cancelled" | "fulfilled" }
  // More units of a line than are left to ship (or a product the order doesn't have: 0 left).
  | { reason: "fulfil-too-many"; orderId: string; productId: string; requested: number; unshipped: number };
