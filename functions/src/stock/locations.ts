// The shop's locations (locations/{id}: name, active, priority) as the allocator uses them:
// their priorities, read at most once per `ttlMs` per instance. A stale priority only changes
// which location gives units first, never whether they can be given: a location without stock
// gives none, and an inactive one has none (deactivating needs it empty).
import type { Transaction } from "firebase-admin/firestore";
import { locationRef, locationsCollection } from "../firestore/paths";
import { DEFAULT_LOCATION } from "../model/allocations";
import type { LocationDocument } from "../model/location";
import { Refused } from "../model/refusals";
import type { AllocationStrategy, Placement } from "./buckets";

export type { LocationDocument };

let cached: { at: number; priorities: Promise<Map<string, number>> } | undefined;

async function readPriorities(): Promise<Map<string, number>> {
  const snapshot = await locationsCollection().get();
  return new Map(snapshot.docs.map((doc) => [doc.id, Number((doc.data() as Partial<LocationDocument>).priority ?? Number.MAX_SAFE_INTEGER)]));
}

export async function locationPlacement(strategy: AllocationStrategy, ttlMs: number, now = Date.now()): Promise<Placement> {
  if (!cached || now - cached.at >= ttlMs) {
    const priorities = readPriorities();
    cached = { at: now, priorities };
    // A failed read is not kept: the next order reads again.
    priorities.catch(() => {
      if (cached?.priorities === priorities) cached = undefined;
    });
  }
  return { strategy, priorities: await cached.priorities };
}

// Inside a transaction: a location stock may go to (a restock, a stock-take, a transfer in, a
// return). The default location always exists; any other must exist and be active. Read in the
// transaction, so it serializes with deactivating the location.
export async function requireActiveLocation(tx: Transaction, locationId: string): Promise<void> {
  if (locationId === DEFAULT_LOCATION) return;
  const snapshot = await tx.get(locationRef(locationId));
  if (!snapshot.exists) throw new Refused({ reason: "location-not-found", locationId });
  if ((snapshot.data() as Partial<LocationDocument>).active === false) throw new Refused({ reason: "location-inactive", locationId });
}
