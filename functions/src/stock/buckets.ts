// A product's stock in buckets per location (pure, no I/O): units on hand (on the shelf),
// committed to confirmed orders not yet shipped, and held for checkouts, at each location;
// and the safety stock kept back from sale. `quantity`, what apps read and orders take from,
// is derived: what each location has beyond its promises, summed, less the safety stock, never
// below zero. Every stock path moves buckets at a location and derives the rest here.
import { DEFAULT_LOCATION } from "../model/allocations";
import type { Product } from "./productSchema";

export interface Buckets {
  onHand: number;
  committed: number;
  held: number;
}

export { DEFAULT_LOCATION };

// Buckets per location id.
export type LocationStock = Record<string, Buckets>;

type Stocked = Pick<Product, "quantity" | "held" | "committed" | "onHand" | "safetyStock" | "locations">;

// Units a location can still promise: on hand beyond what is committed and held there.
export function availableAt(buckets: Buckets): number {
  return Math.max(0, buckets.onHand - buckets.committed - buckets.held);
}

// What `quantity` is for this stock (and a safety stock).
export function quantityOf(stock: LocationStock, safetyStock = 0): number {
  return Math.max(0, Object.values(stock).reduce((sum, buckets) => sum + availableAt(buckets), 0) - safetyStock);
}

export function totalOf(stock: LocationStock): Buckets {
  const total: Buckets = { onHand: 0, committed: 0, held: 0 };
  for (const buckets of Object.values(stock)) {
    total.onHand += buckets.onHand;
    total.committed += buckets.committed;
    total.held += buckets.held;
  }
  return total;
}

// A product's stock per location as stored. Products written before locations keep everything
// at the default location; products written before buckets existed (and products whose
// `quantity` was typed into the Firebase console) have `quantity` as the truth: the default
// location's on hand (or the first location's) is what makes it add up.
export function stockOf(product: Stocked): LocationStock {
  const safety = product.safetyStock ?? 0;
  const committed = product.committed ?? 0;
  const held = product.held ?? 0;
  const stock: LocationStock =
    product.locations && Object.keys(product.locations).length
      ? Object.fromEntries(Object.entries(product.locations).map(([id, buckets]) => [id, { ...buckets }]))
      : { [DEFAULT_LOCATION]: { onHand: product.onHand ?? product.quantity + committed + held + safety, committed, held } };
  const derived = quantityOf(stock, safety);
  if (derived === product.quantity) return stock;
  const at = DEFAULT_LOCATION in stock ? DEFAULT_LOCATION : (Object.keys(stock).sort()[0] as string);
  const buckets = stock[at] as Buckets;
  buckets.onHand = Math.max(0, buckets.onHand + product.quantity - derived);
  return stock;
}

// All locations together (the product's totals).
export function bucketsOf(product: Stocked): Buckets {
  return totalOf(stockOf(product));
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
export type StockSettings = Partial<Pick<Product, "safetyStock" | "reorderPoint" | "locationReorderPoints">>;

// The product fields a stock write sets: every location's buckets, the totals, and what they mean.
export function stockFields(
  stock: LocationStock,
  settings: StockSettings = {},
): { quantity: number; status: Product["status"]; lowStock: boolean; lowStockAt: string[]; locations: LocationStock } & Buckets {
  const quantity = quantityOf(stock, settings.safetyStock ?? 0);
  const lowStock = settings.reorderPoint !== undefined && quantity <= settings.reorderPoint;
  const lowStockAt = Object.entries(settings.locationReorderPoints ?? {})
    .filter(([locationId, point]) => availableAt(stock[locationId] ?? { onHand: 0, committed: 0, held: 0 }) <= point)
    .map(([locationId]) => locationId)
    .sort();
  return { quantity, status: quantity > 0 ? "in_stock" : "out_of_stock", lowStock, lowStockAt, ...totalOf(stock), locations: stock };
}

// How an order's units are spread over locations (ALLOCATION_STRATEGY): by the locations'
// priority, or from the location with most available first (priority breaks ties).
export type AllocationStrategy = "priority" | "most-available";

// Locations' priorities (lower first); a location without one comes after those with one.
export type LocationPriorities = ReadonlyMap<string, number>;

export interface Placement {
  strategy: AllocationStrategy;
  priorities: LocationPriorities;
}

// The locations that can give units now, in the order the strategy takes them.
export function locationOrder(stock: LocationStock, placement: Placement): string[] {
  const priority = (id: string) => placement.priorities.get(id) ?? Number.MAX_SAFE_INTEGER;
  const byPriority = (a: string, b: string) => priority(a) - priority(b) || (a < b ? -1 : a > b ? 1 : 0);
  const ids = Object.keys(stock).filter((id) => availableAt(stock[id] as Buckets) > 0);
  if (placement.strategy === "most-available") return ids.sort((a, b) => availableAt(stock[b] as Buckets) - availableAt(stock[a] as Buckets) || byPriority(a, b));
  return ids.sort(byPriority);
}

// Takes `units` from the locations in strategy order, splitting across them when one can't give
// them all: where each unit comes from. Undefined when the locations can't give them all.
export function placeUnits(stock: LocationStock, units: number, placement: Placement): { locationId: string; quantity: number }[] | undefined {
  const taken: { locationId: string; quantity: number }[] = [];
  let left = units;
  for (const locationId of locationOrder(stock, placement)) {
    if (left === 0) break;
    const quantity = Math.min(left, availableAt(stock[locationId] as Buckets));
    taken.push({ locationId, quantity });
    left -= quantity;
  }
  return left === 0 ? taken : undefined;
}
