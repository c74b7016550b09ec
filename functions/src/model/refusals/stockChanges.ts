// Why an admin's change to a product's stock is refused.
export type StockChangeRefusal =
  | { reason: "stock-too-large"; productId: string; max: number }
  // upsertProduct with a quantity for a product that exists: stock changes by restock or stock-take.
  | { reason: "quantity-not-editable"; productId: string; quantity: number }
  // A stock-take that counted fewer units than are promised (committed to orders not yet
  // shipped, and held for checkouts), without saying that the shortfall is real.
  | { reason: "count-below-promised"; productId: string; counted: number; committed: number; held: number; locationId?: string }
  // A location that doesn't exist, or is inactive (it takes no stock).
  | { reason: "location-not-found"; locationId: string }
  | { reason: "location-inactive"; locationId: string }
  // A location without enough available units for what was asked of it (a transfer, a shipment from it).
  | { reason: "location-short"; locationId: string; productId: string; requested: number; available: number }
  // Deactivating a location that still has units on hand, committed or held.
  | { reason: "location-has-stock"; locationId: string; productId: string };
