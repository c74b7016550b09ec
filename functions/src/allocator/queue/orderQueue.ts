// Order combining for hot products. An order for a hot product is queued under one product
// (firstInQueueOrder: the hot one, else the first of its products); whichever invocation holds
// that product's lease drains the queue in batches, one transaction per batch. A hot product
// then takes one transaction per batch instead of one per buyer, and no two transactions wait
// on its lock.
import { randomUUID } from "node:crypto";
import { FieldValue, Timestamp } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import type { DocumentData, DocumentSnapshot } from "firebase-admin/firestore";
import { WITHDRAW_MS, type CallBudget, type Clock } from "../../budget";
import { db } from "../../firestore/db";
import { GrpcCode, grpcCode } from "../../firestore/errorCodes";
import { guardedWriter, lostRace } from "../../firestore/guardedCommit";
import { orderRequests, productRef, rateLimitRef, requestRef, outcomeRef } from "../../firestore/paths";
import { readBucket, takeToken } from "../../model/tokenBucket";
import { inTransaction, withContentionRetry } from "../../firestore/transaction";
import { planAllocation, requestKey, verdictOf, type AllocationRequest, type HoldLimits } from "../allocationPlan";
import { shopPlacement } from "../placement";
import { buyerHoldsRefsOf, existingOrders, holdRefsOf, productIdsOf, readBoughtBefore, readBuyerHoldsOf, readHolds, readProducts, resultRef, writePlan } from "../allocationWrites";
import { leaseBody, leaseInTransaction, releaseLease, type Lease } from "./allocatorLease";
import { deliverLocally } from "./outcomeWatch";
import type { Outcome } from "./queueOutcome";
import type { Enqueued, Withdrawal } from "./waiterProtocol";
import { firstInQueueOrder } from "../queueChoice";
import { Refused, type Refusal } from "../../model/refusals";

export const MAX_BATCH = 100;
const OUTCOME_TTL_MS = 24 * 60 * 60 * 1000;

export type { Enqueued, Outcome, Withdrawal };

// The queue an order waits in when none of its products is known to be hot.
export function queueProductId(request: Pick<AllocationRequest, "items">): string {
  return firstInQueueOrder(request.items.map((item) => item.productId)) as string;
}

export type QueuedRequest = AllocationRequest & { attemptId: string };

// A queued request as stored. Versions before the request kinds stored `orderId` with `hold` or
// `fromHold` beside it: those are read too, so a deploy during a sale strands no queued request.
export function queuedRequest(data: DocumentData): QueuedRequest {
  if (typeof data.kind === "string") return data as QueuedRequest;
  const { orderId, hold, fromHold, ...common } = data as Omit<QueuedRequest, "kind" | "id"> & {
    orderId: string;
    hold?: { expiresAtMs: number; limits?: HoldLimits };
    fromHold?: { holdId: string };
  };
  if (hold) return { ...common, id: orderId, kind: "hold", expiresAtMs: hold.expiresAtMs, ...(hold.limits ? { limits: hold.limits } : {}) };
  if (fromHold) return { ...common, id: orderId, kind: "from-hold", holdId: fromHold.holdId };
  return { ...common, id: orderId, kind: "order" };
}

// The rate limit a queued request takes its token from: the buyer's bucket, as the direct path
// read it (else it is read here).
export interface QueueToken {
  perMinute: number;
  bucket?: DocumentSnapshot;
  clock: Clock;
}

// Queues the request, taking the buyer's rate-limit token in the same commit (guarded on the
// bucket as read, so the buyer's concurrent calls can't share a token).
// `claim`: the product's lease as read, free: claim it in the same commit (one round trip for
// queueing and leading both), for `owner`.
export async function enqueue(queueId: string, request: AllocationRequest, token?: QueueToken, claim?: { lease: DocumentSnapshot; owner: string }): Promise<Enqueued> {
  const ref = requestRef(queueId, request.id);
  const attemptId = randomUUID();
  let bucket = token?.bucket;
  let claiming = claim;
  for (let tries = 0; ; tries++) {
    const batch = db().batch();
    if (token) {
      bucket ??= await rateLimitRef(request.uid).get();
      const taken = takeToken(readBucket(bucket.data()), token.clock(), token.perMinute);
      if ("retryAfterSeconds" in taken) return { kind: "rate-limited", refusal: { reason: "rate-limited", retryAfterSeconds: taken.retryAfterSeconds, limitPerMinute: token.perMinute } };
      guardedWriter(batch, [bucket]).set(bucket.ref, taken.bucket);
    }
    if (claiming) guardedWriter(batch, [claiming.lease]).set(claiming.lease.ref, leaseBody(claiming.owner));
    batch.create(ref, { ...request, attemptId, queuedAt: FieldValue.serverTimestamp() });
    try {
      await batch.commit();
      return { kind: "queued", attemptId, ...(claiming ? { leased: true } : {}) };
    } catch (error) {
      const code = grpcCode(error);
      // The lease or the buyer's bucket changed since they were read (another leader, another
      // call of the buyer's): queue without the claim, with the bucket read again.
      if ((claiming || token) && lostRace(error) && tries < 20 && (claiming || code !== GrpcCode.ALREADY_EXISTS)) {
        claiming = undefined;
        if (token) bucket = undefined;
        continue;
      }
      if (code !== GrpcCode.ALREADY_EXISTS) throw error;
    }
    // The request exists: this call joins it or is refused, and still takes its token.
    if (token) {
      try {
        await takeTokenAlone(request.uid, token);
      } catch (error) {
        if (error instanceof Refused && error.refusal.reason === "rate-limited") return { kind: "rate-limited", refusal: error.refusal };
        throw error;
      }
    }
    break;
  }
  const stored = (await ref.get()).data();
  const queued = stored ? queuedRequest(stored) : undefined;
  if (!queued) return { kind: "decided" };
  return requestKey(queued) === requestKey(request) ? { kind: "joined", attemptId: queued.attemptId } : { kind: "reused" };
}

// A call answered before the allocation's commit (a replay found as it is) takes its token on
// its own. Refused when the bucket is empty.
export async function takeTokenAlone(uid: string, token: Omit<QueueToken, "bucket">): Promise<void> {
  const ref = rateLimitRef(uid);
  const refusal = await inTransaction(
    async (tx): Promise<Refusal | undefined> => {
      const taken = takeToken(readBucket((await tx.get(ref)).data()), token.clock(), token.perMinute);
      if ("retryAfterSeconds" in taken) return { reason: "rate-limited", retryAfterSeconds: taken.retryAfterSeconds, limitPerMinute: token.perMinute };
      tx.set(ref, taken.bucket);
      return undefined;
    },
    { budgetMs: 2000, gaveUp: () => new Refused({ reason: "contention" }), clock: token.clock },
  );
  if (refusal) throw new Refused(refusal);
}


// Removes a request that was not decided yet. Runs at the end of the buyer's budget, within its
// withdrawal reserve.
export async function withdraw(queueId: string, request: AllocationRequest, budget: CallBudget): Promise<Withdrawal> {
  const ref = requestRef(queueId, request.id);
  return inTransaction(
    async (tx): Promise<Withdrawal> => {
      const [queued, decided] = await tx.getAll(ref, outcomeRef(queueId, request.id));
      // Only our own request: a different one under the same id is not ours to take back.
      if (queued?.exists && requestKey(queuedRequest(queued.data() ?? {})) === requestKey(request)) {
        tx.delete(ref);
        return { kind: "withdrawn" };
      }
      return decided?.exists ? { kind: "decided", outcome: decided.data() as Outcome } : { kind: "gone" };
    },
    { budgetMs: Math.max(0, Math.min(WITHDRAW_MS, budget.answerBy - budget.clock())), gaveUp: () => new Refused({ reason: "contention" }), clock: budget.clock },
  );
}

// Decides up to MAX_BATCH queued requests in one transaction that also renews the lease
// (and extends the hot window when the batch combined orders). Outcomes are handed to
// waiters in this instance at once; others see them through their listener.
async function processBatch(
  queueId: string,
  lease: Lease,
  options: { maxAttempts: number; deadline: number; clock: Clock; release: boolean; own?: string; ownDone: boolean },
): Promise<{ decided: number; leaseKept: boolean }> {
  const queued = await orderRequests(queueId).orderBy("queuedAt").limit(MAX_BATCH).get();
  if (queued.empty) {
    await releaseLease(lease);
    return { decided: 0, leaseKept: false };
  }
  // The batch that decides the leader's own request (or the first after it was decided) ends
  // the lease in the same commit, unless the queue is fuller than one batch: the leader's buyer
  // is answered at once, and whoever queued since takes over (their waiters see the lease end).
  const release = options.release || (queued.size < MAX_BATCH && (options.ownDone || queued.docs.some((doc) => doc.id === options.own)));
  // Everything the batch needs is known from the query, so one read inside the transaction
  // re-checks the requests (withdrawn or decided since?) and reads products, orders and lease.
  const candidates = queued.docs.map((doc) => queuedRequest(doc.data()));
  const productIds = productIdsOf(candidates);
  const refs = queued.docs.map((doc) => doc.ref);
  const holdRefs = holdRefsOf(candidates);

  const { value: batch, attempts } = await withContentionRetry(
    async () => {
      // The locations' priorities (cached), before the transaction: never a read inside it.
      const placement = await shopPlacement();
      return db().runTransaction(
        async (tx) => {
          const snapshots = await tx.getAll(
            ...refs,
            ...productIds.map(productRef),
            ...candidates.map(resultRef),
            ...holdRefs,
            lease.ref,
          );
          const live = snapshots.slice(0, refs.length).filter((snapshot) => snapshot.exists);
          const requests = live.map((snapshot) => queuedRequest(snapshot.data() ?? {}));
          const products = readProducts(productIds, snapshots.slice(refs.length, refs.length + productIds.length));
          // A request re-queued since the query (same order id, new attempt) may name other products.
          const missing = productIdsOf(requests).filter((id) => !products.has(id));
          if (missing.length) for (const [id, read] of readProducts(missing, await tx.getAll(...missing.map(productRef)))) products.set(id, read);
          const resultsEnd = refs.length + productIds.length + candidates.length;
          const existing = existingOrders(snapshots.slice(refs.length + productIds.length, resultsEnd));
          const holds = readHolds(snapshots.slice(resultsEnd, -1));
          // Every read before the first write (the lease's), as transactions require.
          const keepLease = () => leaseInTransaction(tx, lease, snapshots.at(-1)?.data(), { combined: requests.length > 1, release }) && !release;
          if (requests.length === 0) return { leaseKept: keepLease(), outcomes: [] };

          // A request re-queued since the query may name another hold.
          const missingHolds = holdRefsOf(requests).filter((ref) => !holds.has(ref.id));
          if (missingHolds.length) for (const [id, hold] of readHolds(await tx.getAll(...missingHolds))) holds.set(id, hold);
          const { bought } = await readBoughtBefore(tx, requests, products);
          const buyerHoldsRefs = buyerHoldsRefsOf(requests);
          const buyerHolds = readBuyerHoldsOf(buyerHoldsRefs.length ? await tx.getAll(...buyerHoldsRefs) : []);
          const leaseKept = keepLease();
          const plan = planAllocation(requests, products, existing, bought, holds, options.clock(), buyerHolds);
          writePlan(tx, plan, products, placement);
          const byOrderId = new Map(requests.map((request) => [request.id, request]));
          const outcomes: Outcome[] = plan.decisions.map((decision) => {
            const request = byOrderId.get(decision.id) as QueuedRequest;
            return { ...verdictOf(decision), attemptId: request.attemptId, requestKey: requestKey(request) };
          });
          for (const [index, decision] of plan.decisions.entries()) {
            tx.delete(requestRef(queueId, decision.id));
            tx.set(outcomeRef(queueId, decision.id), {
              ...outcomes[index],
              decidedAt: FieldValue.serverTimestamp(),
              // Outcomes are read once by the waiting buyer; a TTL policy on expireAt deletes them.
              expireAt: Timestamp.fromMillis(Date.now() + OUTCOME_TTL_MS),
            });
          }
          return { leaseKept, outcomes };
        },
        { maxAttempts: options.maxAttempts },
      );
    },
    options.deadline,
    options.clock,
  );
  for (const outcome of batch.outcomes) deliverLocally(outcome.attemptId, outcome);
  logger.debug("Order batch decided", { productId: queueId, decided: batch.outcomes.length, attempts });
  return { decided: batch.outcomes.length, leaseKept: batch.leaseKept };
}

// Drains the queue while holding the lease: batch after batch until the queue is empty, the
// lease is lost, the deadline nears, or `done()` holds and `handOffAt` passed (so a leader's
// own buyer isn't kept waiting for long; another waiter takes over). The last batch releases
// the lease in its own transaction. A request queued while the lease is being released is
// never stranded: its waiter tries the lease itself.
export async function drain(
  queueId: string,
  lease: Lease,
  // `own`: the leader's own order id (its batch hands off).
  options: { maxAttempts: number; deadline: number; clock: Clock; handOffAt: number; done: () => boolean; own?: string },
): Promise<void> {
  for (;;) {
    const now = options.clock();
    // Leave time after the last batch to answer our own buyer.
    const release = (options.done() && now >= options.handOffAt) || now >= options.deadline - 5000;
    const { decided, leaseKept } = await processBatch(queueId, lease, { ...options, release, ownDone: options.done() });
    if (!leaseKept) {
      logger.debug("Allocator lease released", { productId: queueId, reason: decided === 0 ? "queue-empty" : release ? "hand-off" : "lost" });
      return;
    }
  }
}
