// buyerHolds/{uid}: one buyer's checkout holds, by hold id, with when each expires and the
// units it holds of each product. The caps on holds are checked against it in the same commit
// that places a hold, so concurrent holds of one buyer can't slip past them; every ending of a
// hold removes its entry in the same commit as the ending.
import { Timestamp, type DocumentSnapshot } from "firebase-admin/firestore";

export type BuyerHolds = Record<string, { expiresAtMs: number; units: Record<string, number> }>;

interface StoredEntry {
  expiresAt: Timestamp;
  units: Record<string, number>;
}

export function readBuyerHolds(snapshot: DocumentSnapshot | undefined): BuyerHolds {
  const stored = (snapshot?.get("holds") ?? {}) as Record<string, Partial<StoredEntry>>;
  const record: BuyerHolds = {};
  for (const [holdId, entry] of Object.entries(stored)) {
    // An entry that isn't what this backend writes counts as ended rather than blocking holds.
    if (entry?.expiresAt instanceof Timestamp && typeof entry.units === "object" && entry.units !== null) {
      record[holdId] = { expiresAtMs: entry.expiresAt.toMillis(), units: entry.units };
    }
  }
  return record;
}

export function buyerHoldsDocument(record: BuyerHolds): { holds: Record<string, StoredEntry>; updatedAt: Timestamp } {
  return {
    holds: Object.fromEntries(Object.entries(record).map(([holdId, { expiresAtMs, units }]) => [holdId, { expiresAt: Timestamp.fromMillis(expiresAtMs), units }])),
    updatedAt: Timestamp.now(),
  };
}
