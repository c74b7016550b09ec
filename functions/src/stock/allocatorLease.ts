// Which invocation currently drains a product's order queue. The lease only avoids wasted
// work: batches are transactions, so two leaders at once (after an expiry) stay correct.
import { Timestamp, type DocumentReference } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { db, PRODUCTS } from "../firestore";

export const LEASE_MS = 10_000;
const ALREADY_EXISTS = 6;
const FAILED_PRECONDITION = 9;

export interface Lease {
  ref: DocumentReference;
  owner: string;
  writeTime: Timestamp;
}

export function leaseRef(productId: string): DocumentReference {
  return db().collection(PRODUCTS).doc(productId).collection("allocator").doc("lease");
}

export function isExpired(data: { expiresAt?: Timestamp } | undefined, now = Date.now()): boolean {
  return !data?.expiresAt || data.expiresAt.toMillis() <= now;
}

function leaseBody(owner: string) {
  return { owner, expiresAt: Timestamp.fromMillis(Date.now() + LEASE_MS) };
}

// Reads before writing: waiters poll this, and writes to one document contend for its
// lock, so only an absent or expired lease costs a write.
export async function acquireLease(productId: string, owner: string): Promise<Lease | undefined> {
  const ref = leaseRef(productId);
  const current = await ref.get();
  try {
    if (!current.exists) {
      const result = await ref.create(leaseBody(owner));
      return { ref, owner, writeTime: result.writeTime };
    }
    if (!current.updateTime || !isExpired(current.data())) return undefined;
    // Take over from a holder that stopped renewing (crashed or timed out); the
    // precondition makes this fail if anyone touched the lease since we read it.
    const result = await ref.update(leaseBody(owner), { lastUpdateTime: current.updateTime });
    return { ref, owner, writeTime: result.writeTime };
  } catch (error) {
    if ((error as { code?: unknown }).code === ALREADY_EXISTS || (error as { code?: unknown }).code === FAILED_PRECONDITION) {
      return undefined;
    }
    throw error;
  }
}

// Extends the lease; false only when another owner holds it now.
export async function renewLease(lease: Lease): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await lease.ref.update(leaseBody(lease.owner), { lastUpdateTime: lease.writeTime });
      lease.writeTime = result.writeTime;
      return true;
    } catch (error) {
      const current = await lease.ref.get();
      const owner = (current.data() as { owner?: string } | undefined)?.owner;
      if (owner !== lease.owner || !current.updateTime || attempt >= 5) {
        logger.warn("Allocator lease lost", { owner, error: (error as Error).message });
        return false;
      }
      lease.writeTime = current.updateTime; // still ours: the write failed for another reason
    }
  }
}

export async function releaseLease(lease: Lease): Promise<void> {
  await lease.ref.delete({ lastUpdateTime: lease.writeTime }).catch(() => undefined);
}
