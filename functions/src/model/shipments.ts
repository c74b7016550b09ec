// What of an order has shipped and what is left (pure; the fulfilment and cancellation flows
// and apps read the same numbers).
import { allocationsOf, takeUnits, unitsAt } from "./allocations";
import type { OrderDocument } from "./orderDocument";

// Units of each line not shipped yet: what a shipment may take and a cancellation releases.
export function unshippedLines(order: Pick<OrderDocument<unknown>, "items" | "fulfilment">): { productId: string; quantity: number }[] {
  return order.items.map(({ productId, quantity }) => ({ productId, quantity: quantity - (order.fulfilment?.shipped[productId] ?? 0) }));
}

// Units of each line shipped and not returned yet: what a return may take back.
export function returnableLines(order: Pick<OrderDocument<unknown>, "items" | "fulfilment" | "returns">): { productId: string; quantity: number }[] {
  return order.items.map(({ productId }) => ({ productId, quantity: (order.fulfilment?.shipped[productId] ?? 0) - (order.returns?.returned[productId] ?? 0) }));
}

// One product's units still committed per location: allocated there and not released by a
// shipment yet. Units shipped without a recorded release (before locations, or before the order
// was counted in committed stock) leave from the first locations first.
export function openCommitments(order: Pick<OrderDocument<unknown>, "items" | "allocations" | "fulfilment">, productId: string): Map<string, number> {
  const open = unitsAt(allocationsOf(order), productId);
  const take = (gone: Map<string, number>) => {
    for (const [locationId, units] of gone) open.set(locationId, Math.max(0, (open.get(locationId) ?? 0) - units));
  };
  const released = new Map(Object.entries(order.fulfilment?.releasedAt?.[productId] ?? {}));
  take(released);
  const unrecorded = (order.fulfilment?.shipped[productId] ?? 0) - [...released.values()].reduce((sum, units) => sum + units, 0);
  if (unrecorded > 0) take(takeUnits(open, unrecorded));
  return new Map([...open].filter(([, units]) => units > 0));
}

// Whether two requests name the same units (a retried shipment or return, or another one under
// the same requestId).
export function sameLines(a: { productId: string; quantity: number }[], b: { productId: string; quantity: number }[]): boolean {
  const key = (lines: { productId: string; quantity: number }[]) => lines.map((line) => `${line.productId}:${line.quantity}`).sort().join(",");
  return key(a) === key(b);
}

// The locations that still have units of the order to ship, sorted: stored on the order as
// `shipsFrom` so a location's pick list is one query (empty once shipped in full or cancelled).
export function shipsFromOf(order: Pick<OrderDocument<unknown>, "items" | "allocations" | "fulfilment">): string[] {
  const at = new Set<string>();
  for (const { productId } of order.items) for (const locationId of openCommitments(order, productId).keys()) at.add(locationId);
  return [...at].sort();
}
