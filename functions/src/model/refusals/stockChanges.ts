// Why an admin's change to a product's stock is refused.
export type StockChangeRefusal =
  | { reason: "stock-too-large"; productId: string; max: number }
  // upsertProduct with a quantity for a product that exists: stock changes by restock or stock-take.
  | { reason: "quantity-not-editable"; productId: string; quantity: number }
  // A stock-take that counted fewer units than are promised (committed to orders not yet
  // shipped, and held for checkouts), without saying that the shortfall is real.
  | { reason: "count-below-promised"; productId: string; counted: number; committed: number; held: number };
