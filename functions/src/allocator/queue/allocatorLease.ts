// Which invocation currently drains a product's order queue. The lease only avoids wasted
// work: batches are transactions, so two leaders at once (after an expiry) stay correct. The
// same document carries the cool-down after batches that combined orders (coolUntil); what
// makes a product hot is decided from it in hotProducts.ts.
import { Timestamp, type DocumentReference, type DocumentSnapshot, type Transaction } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { db } from "../../firestore/db";
import { GrpcCode, grpcCode, isRetryable } from "../../firestore/errorCodes";
import { leaseRef } from "../../firestore/paths";
import { HOT_COOL_DOWN_MS, LEASE_MS } from "../timing";

export { HOT_COOL_DOWN_MS, LEASE_MS };

export interface Lease {
  ref: DocumentReference;
  owner: string;
}

export interface LeaseData {
  owner?: string;
  expiresAt?: Timestamp;
  // Until when new orders should queue even without a live lease.
  coolUntil?: Timestamp;
}

export function isExpired(data: { expiresAt?: Timestamp } | undefined, now = Date.now()): boolean {
  return !data?.expiresAt || data.expiresAt.toMillis() <= now;
}

export function leaseBody(owner: string) {
  return { owner, expiresAt: Timestamp.fromMillis(Date.now() + LEASE_MS) };
}

// Reads before writing: waiters poll this, and writes to one document contend for its
// lock, so only an absent or expired lease costs a write. `known`: the lease as a listener
// last saw it, which saves the read (if it changed since, the guarded write fails).
export async function acquireLease(productId: string, owner: string, known?: DocumentSnapshot): Promise<Lease | undefined> {
  const ref = leaseRef(productId);
  const current = known ?? (await ref.get());
  try {
    if (!current.exists) {
      await ref.create(leaseBody(owner));
      return { ref, owner };
    }
    if (!current.updateTime || !isExpired(current.data())) return undefined;
    // Take over from a holder that stopped renewing (crashed, timed out or released); the
    // precondition makes this fail if anyone touched the lease since we read it.
    await ref.update(leaseBody(owner), { lastUpdateTime: current.updateTime });
    return { ref, owner };
  } catch (error) {
    const code = grpcCode(error);
    if (code === GrpcCode.ALREADY_EXISTS || code === GrpcCode.FAILED_PRECONDITION) {
      return undefined;
    }
    if (!isRetryable(error)) throw error;
    // An answer lost or garbled (the emulator answers some conflicts UNKNOWN): the write may
    // have landed. Read whose the lease is rather than leave one held by nobody for LEASE_MS.
    const now = (await ref.get()).data() as LeaseData | undefined;
    return now?.owner === owner && !isExpired(now) ? { ref, owner } : undefined;
  }
}

// Inside a batch transaction that read the lease: extends it, or ends it when this is the
// leader's last batch, and extends the hot window when the batch combined orders, all at no
// extra round trip. Writes only when something is due (half the lease or of the hot window
// used up): every waiter listens to this document, and each write wakes them all.
// False when another owner holds it now.
export function leaseInTransaction(
  tx: Transaction,
  lease: Lease,
  current: LeaseData | undefined,
  options: { combined: boolean; release: boolean },
): boolean {
  if (current?.owner !== lease.owner) {
    logger.warn("Allocator lease lost", { productId: lease.ref.parent.parent?.id, owner: current?.owner });
    return false;
  }
  const now = Date.now();
  const renew = (current.expiresAt?.toMillis() ?? 0) - now < LEASE_MS / 2;
  const extendHot = options.combined && (current.coolUntil?.toMillis() ?? 0) - now < HOT_COOL_DOWN_MS / 2;
  if (options.release || renew || extendHot) {
    tx.update(lease.ref, {
      expiresAt: Timestamp.fromMillis(options.release ? now : now + LEASE_MS),
      ...(options.combined ? { coolUntil: Timestamp.fromMillis(now + HOT_COOL_DOWN_MS) } : {}),
    });
  }
  return true;
}

// Ends the lease outside a batch (the queue was empty) but keeps the document and its hot
// window: waiters see it expire, and the next order reads whether the product is still hot.
export async function releaseLease(lease: Lease): Promise<void> {
  await db()
    .runTransaction(async (tx) => {
      const current = (await tx.get(lease.ref)).data() as LeaseData | undefined;
      if (current?.owner === lease.owner) tx.update(lease.ref, { expiresAt: Timestamp.now() });
    })
    .catch((error: unknown) => {
      // Harmless: the lease then expires by itself within LEASE_MS.
      logger.warn("Allocator lease release failed", { productId: lease.ref.parent.parent?.id, error: (error as Error).message });
    });
}
