// Which invocation currently drains a product's order queue. The lease only avoids wasted
// work: batches are transactions, so two leaders at once (after an expiry) stay correct.
import { Timestamp, type DocumentReference } from "firebase-admin/firestore";
import { db, PRODUCTS } from "../firestore";

export const LEASE_MS = 10_000;
const ALREADY_EXISTS = 6;

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

export async function acquireLease(productId: string, owner: string): Promise<Lease | undefined> {
  const ref = leaseRef(productId);
  try {
    const result = await ref.create(leaseBody(owner));
    return { ref, owner, writeTime: result.writeTime };
  } catch (error) {
    if ((error as { code?: unknown }).code !== ALREADY_EXISTS) throw error;
  }
  // Held: take it over only if its holder stopped renewing it (crashed or timed out).
  // The precondition makes the takeover fail if anyone touched the lease since we read it.
  const current = await ref.get();
  if (!current.exists || !current.updateTime || !isExpired(current.data())) return undefined;
  try {
    const result = await ref.update(leaseBody(owner), { lastUpdateTime: current.updateTime });
    return { ref, owner, writeTime: result.writeTime };
  } catch {
    return undefined;
  }
}

// Extends the lease; false when it was lost to a takeover.
export async function renewLease(lease: Lease): Promise<boolean> {
  try {
    const result = await lease.ref.update(leaseBody(lease.owner), { lastUpdateTime: lease.writeTime });
    lease.writeTime = result.writeTime;
    return true;
  } catch {
    return false;
  }
}

export async function releaseLease(lease: Lease): Promise<void> {
  await lease.ref.delete({ lastUpdateTime: lease.writeTime }).catch(() => undefined);
}
