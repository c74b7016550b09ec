// When a product is hot (its new orders go to its queue instead of committing directly), decided
// here only: from its lease document, and from what this instance has learned, so that its next
// orders for a hot product go straight to the queue instead of first reading the marker (or
// trying a direct commit that would lose the race). Only a choice of path: both paths commit
// atomically over the product.
import type { LeaseData } from "./queue/allocatorLease";
import { firstInQueueOrder } from "./queueChoice";

// Until when a product is hot by its lease document (epoch ms; 0: cold): while a leader holds
// the lease (it is draining the queue; a direct commit would race its batches), and for the
// cool-down after its last batch that combined orders (coolUntil).
export function hotUntil(lease: LeaseData | undefined): number {
  return Math.max(lease?.expiresAt?.toMillis() ?? 0, coolUntil(lease));
}

// Until when a call that has just waited in the queue remembers the product as hot: only the
// cool-down. The live lease doesn't count here: it may be this very call's, leading a batch of one.
export function coolUntil(lease: LeaseData | undefined): number {
  return lease?.coolUntil?.toMillis() ?? 0;
}

const remembered = new Map<string, number>();
const MAX_ENTRIES = 10_000;

export function markHot(productId: string, until: number, now = Date.now()): void {
  if (until <= now) return;
  if (remembered.size >= MAX_ENTRIES) {
    for (const [id, expires] of remembered) if (expires <= now) remembered.delete(id);
    if (remembered.size >= MAX_ENTRIES) remembered.clear();
  }
  remembered.set(productId, Math.max(until, remembered.get(productId) ?? 0));
}

// The queue (firstInQueueOrder) of these products known to be hot now, if any.
export function knownHot(productIds: string[], now = Date.now()): string | undefined {
  return firstInQueueOrder(productIds.filter((id) => (remembered.get(id) ?? 0) > now));
}
