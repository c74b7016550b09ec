// Why an order or a hold can't have what it asks of a product.
export type ProductRefusal =
  | { reason: "product-not-found"; productId: string }
  // `during`: an admin stock change (whose message points at upsertProduct), ending a hold (whose
  // units wait until the product is fixed), else an order. `problem` is for the shop's logs.
  | { reason: "product-misconfigured"; productId: string; problem: string; during?: "stock-change" | "hold-end" }
  | { reason: "insufficient-stock"; productId: string; name: string; requested: number; available: number }
  | { reason: "per-customer-limit"; productId: string; name: string; limit: number; alreadyBought: number; canBuy: number }
  | { reason: "mixed-currencies"; currencies: string[] };

export function perCustomerLimit(productId: string, name: string, limit: number, alreadyBought: number): ProductRefusal {
  return { reason: "per-customer-limit", productId, name, limit, alreadyBought, canBuy: Math.max(0, limit - alreadyBought) };
}
