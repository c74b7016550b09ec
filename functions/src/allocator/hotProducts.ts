// What this instance has learned about hot products, so that its next orders for them go
// straight to the queue instead of first reading the hot marker (or trying a direct commit
// that would lose the race). Only a hint: both paths commit atomically over the product.
import { firstInQueueOrder } from "./queueChoice";

const hotUntil = new Map<string, number>();
const MAX_ENTRIES = 10_000;

export function markHot(productId: string, until: number, now = Date.now()): void {
  if (until <= now) return;
  if (hotUntil.size >= MAX_ENTRIES) {
    for (const [id, expires] of hotUntil) if (expires <= now) hotUntil.delete(id);
    if (hotUntil.size >= MAX_ENTRIES) hotUntil.clear();
  }
  hotUntil.set(productId, Math.max(until, hotUntil.get(productId) ?? 0));
}

// The queue (firstInQueueOrder) of these products known to be hot now, if any.
export function knownHot(productIds: string[], now = Date.now()): string | undefined {
  return firstInQueueOrder(productIds.filter((id) => (hotUntil.get(id) ?? 0) > now));
}
