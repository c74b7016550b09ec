// Where an order's (or a hold's) units come from: per product and location. Orders and holds
// from before locations have none recorded: all their units are at the default location.
// Pure; apps read the same.

export interface Allocation {
  productId: string;
  locationId: string;
  quantity: number;
}

// Where stock is when a shop never created a location (and where stock from before locations is).
export const DEFAULT_LOCATION = "default";

export function allocationsOf(doc: { items: { productId: string; quantity: number }[]; allocations?: Allocation[] }): Allocation[] {
  return doc.allocations ?? doc.items.map(({ productId, quantity }) => ({ productId, locationId: DEFAULT_LOCATION, quantity }));
}

// One product's units per location, in allocation order.
export function unitsAt(allocations: Allocation[], productId: string): Map<string, number> {
  const units = new Map<string, number>();
  for (const allocation of allocations) if (allocation.productId === productId) units.set(allocation.locationId, (units.get(allocation.locationId) ?? 0) + allocation.quantity);
  return units;
}

// Takes `quantity` units out of `units` (per location, in order), from the first locations first:
// how many from each.
export function takeUnits(units: Map<string, number>, quantity: number): Map<string, number> {
  const taken = new Map<string, number>();
  let left = quantity;
  for (const [locationId, available] of units) {
    if (left === 0) break;
    const take = Math.min(left, available);
    if (take > 0) taken.set(locationId, take);
    left -= take;
  }
  return taken;
}
