// Why a return (returnItems) is refused.
export type ReturnRefusal =
  // More units of a line than shipped and not yet returned (0 for a product not on the order).
  { reason: "return-too-many"; orderId: string; productId: string; requested: number; returnable: number };
