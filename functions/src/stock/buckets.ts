// A product's stock in buckets (pure, no I/O): units on hand (on the shelf), committed to
// confirmed orders not yet shipped, held for checkouts, and the safety stock kept back.
// `quantity`, what apps read and orders take from, is derived: on hand less the rest, never
// below zero. Every stock path moves buckets and derives `quantity` from them here.
import type { Product } from "./productSchema";

export interface Buckets {
  onHand: number;
  committed: number;
  held: number;
}

// What `quantity` is for these buckets (and a safety stock).
export function availableOf(buckets: Buckets, safetyStock = 0): number {
  return Math.max(0, buckets.onHand - buckets.committed - buckets.held - safetyStock);
}

// The buckets of a product as stored. Products written before the buckets existed (and products
// whose `quantity` was typed into the Firebase console) have `quantity` as the truth: on hand is
// then what makes it add up (`quantity` + committed + held + safety). A stored on hand is kept
// only when it agrees with `quantity`, or when a count below what is promised (a shortfall a
// stock-take accepted) left `quantity` at 0.
export function bucketsOf(product: Pick<Product, "quantity" | "held" | "committed" | "onHand" | "safetyStock">): Buckets {
  const committed = product.committed ?? 0;
  const held = product.held ?? 0;
  const safety = product.safetyStock ?? 0;
  const stored = product.onHand;
  if (stored !== undefined && availableOf({ onHand: stored, committed, held }, safety) === product.quantity) return { onHand: stored, committed, held };
  return { onHand: product.quantity + committed + held + safety, committed, held };
}

export type BucketDeltas = Partial<Buckets>;

// The buckets after a movement. A bucket never goes below zero (held units of a hold that
// ended twice, say, would be a bug caught by the ledger check, not negative stock).
export function moveBuckets(buckets: Buckets, deltas: BucketDeltas): Buckets {
  return {
    onHand: Math.max(0, buckets.onHand + (deltas.onHand ?? 0)),
    committed: Math.max(0, buckets.committed + (deltas.committed ?? 0)),
    held: Math.max(0, buckets.held + (deltas.held ?? 0)),
  };
}

// What besides the buckets decides what a product shows: units kept back, and the reorder point.
export type StockSettings = Partial<Pick<Product, "safetyStock" | "reorderPoint">>;

// The product fields a stock write sets for these buckets.
export function stockFields(buckets: Buckets, settings: StockSettings = {}): { quantity: number; status: Product["status"]; lowStock: boolean } & Buckets {
  const quantity = availableOf(buckets, settings.safetyStock ?? 0);
  const lowStock = settings.reorderPoint !== undefined && quantity <= settings.reorderPoint;
  return { quantity, status: quantity > 0 ? "in_stock" : "out_of_stock", lowStock, ...buckets };
}
