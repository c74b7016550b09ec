// Order combining for hot products. An order for a hot product is queued under one product
// (the hot one; its first product id otherwise); whichever invocation holds that product's lease drains the
// queue in batches, one transaction per batch. A hot product then takes one transaction
// per batch instead of one per buyer, and no two transactions wait on its lock.
import { randomUUID } from "node:crypto";
import { FieldValue, Timestamp } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { db } from "../firestore/db";
import { GrpcCode, grpcCode } from "../firestore/errorCodes";
import { orderRequests, productRef, requestRef, outcomeRef } from "../firestore/paths";
import { inTransaction, withContentionRetry } from "../firestore/transaction";
import { planAllocation, verdictOf, type OrderRequest, type Verdict } from "./allocationPlan";
import { existingOrders, holdRefsOf, productIdsOf, readBoughtBefore, readHolds, readProducts, resultRef, writePlan } from "./allocationWrites";
import { leaseInTransaction, releaseLease, type Lease } from "./allocatorLease";
import { deliverLocally } from "./outcomeWatch";
import { Refused } from "../stock/refusals";

export const MAX_BATCH = 100;
const OUTCOME_TTL_MS = 24 * 60 * 60 * 1000;

// What a batch leaves for the waiting buyer: the verdict on its queued attempt.
export type Outcome = Verdict & { attemptId: string };

// The queue an order waits in when none of its products is known to be hot.
export function queueProductId(request: Pick<OrderRequest, "items">): string {
  return request.items.map((item) => item.productId).sort()[0] as string;
}

export type QueuedRequest = OrderRequest & { attemptId: string };

// Queues the request and returns the attempt id to wait for. When an identical request
// (same order id: a concurrent replay) is queued already, waits for that one instead;
// undefined when that one was decided in the meantime (read its outcome or order).
export async function enqueue(queueId: string, request: OrderRequest): Promise<string | undefined> {
  const ref = requestRef(queueId, request.orderId);
  const attemptId = randomUUID();
  try {
    await ref.create({ ...request, attemptId, queuedAt: FieldValue.serverTimestamp() });
    return attemptId;
  } catch (error) {
    if (grpcCode(error) !== GrpcCode.ALREADY_EXISTS) throw error;
  }
  const queued = await ref.get();
  return (queued.data() as QueuedRequest | undefined)?.attemptId;
}

// Removes a request that was not decided yet. True if it was withdrawn, false if a
// batch already decided it (then its outcome is, or is about to be, readable).
export async function withdraw(queueId: string, request: OrderRequest): Promise<boolean> {
  const ref = requestRef(queueId, request.orderId);
  return inTransaction(
    async (tx) => {
      const snapshot = await tx.get(ref);
      if (!snapshot.exists) return false;
      tx.delete(ref);
      return true;
    },
    // Runs at the buyer's deadline: a few seconds, then the call answers "busy".
    { budgetMs: 5000, gaveUp: () => new Refused({ reason: "contention" }) },
  );
}

// Decides up to MAX_BATCH queued requests in one transaction that also renews the lease
// (and extends the hot window when the batch combined orders). Outcomes are handed to
// waiters in this instance at once; others see them through their listener.
async function processBatch(
  queueId: string,
  lease: Lease,
  options: { maxAttempts: number; deadline: number; release: boolean },
): Promise<{ decided: number; leaseKept: boolean }> {
  const queued = await orderRequests(queueId).orderBy("queuedAt").limit(MAX_BATCH).get();
  if (queued.empty) {
    await releaseLease(lease);
    return { decided: 0, leaseKept: false };
  }
  // Everything the batch needs is known from the query, so one read inside the transaction
  // re-checks the requests (withdrawn or decided since?) and reads products, orders and lease.
  const candidates = queued.docs.map((doc) => doc.data() as QueuedRequest);
  const productIds = productIdsOf(candidates);
  const refs = queued.docs.map((doc) => doc.ref);
  const holdRefs = holdRefsOf(candidates);

  const { value: batch, attempts } = await withContentionRetry(
    () =>
      db().runTransaction(
        async (tx) => {
          const snapshots = await tx.getAll(
            ...refs,
            ...productIds.map(productRef),
            ...candidates.map(resultRef),
            ...holdRefs,
            lease.ref,
          );
          const live = snapshots.slice(0, refs.length).filter((snapshot) => snapshot.exists);
          const requests = live.map((snapshot) => snapshot.data() as QueuedRequest);
          const products = readProducts(productIds, snapshots.slice(refs.length, refs.length + productIds.length));
          // A request re-queued since the query (same order id, new attempt) may name other products.
          const missing = productIdsOf(requests).filter((id) => !products.has(id));
          if (missing.length) for (const [id, read] of readProducts(missing, await tx.getAll(...missing.map(productRef)))) products.set(id, read);
          const resultsEnd = refs.length + productIds.length + candidates.length;
          const existing = existingOrders(snapshots.slice(refs.length + productIds.length, resultsEnd));
          const holds = readHolds(snapshots.slice(resultsEnd, -1));
          // Every read before the first write (the lease's), as transactions require.
          const keepLease = () => leaseInTransaction(tx, lease, snapshots.at(-1)?.data(), { combined: requests.length > 1, release: options.release }) && !options.release;
          if (requests.length === 0) return { leaseKept: keepLease(), outcomes: [] };

          // A request re-queued since the query may name another hold.
          const missingHolds = holdRefsOf(requests).filter((ref) => !holds.has(ref.id));
          if (missingHolds.length) for (const [id, hold] of readHolds(await tx.getAll(...missingHolds))) holds.set(id, hold);
          const { bought } = await readBoughtBefore(tx, requests, products);
          const leaseKept = keepLease();
          const plan = planAllocation(requests, products, existing, bought, holds);
          writePlan(tx, plan, products);
          const attemptIds = new Map(requests.map((request) => [request.orderId, request.attemptId]));
          const outcomes: Outcome[] = plan.decisions.map((decision) => ({ ...verdictOf(decision), attemptId: attemptIds.get(decision.orderId) as string }));
          for (const [index, decision] of plan.decisions.entries()) {
            tx.delete(requestRef(queueId, decision.orderId));
            tx.set(outcomeRef(queueId, decision.orderId), {
              ...outcomes[index],
              decidedAt: FieldValue.serverTimestamp(),
              // Outcomes are read once by the waiting buyer; a TTL policy on expireAt deletes them.
              expireAt: Timestamp.fromMillis(Date.now() + OUTCOME_TTL_MS),
            });
          }
          return { leaseKept, outcomes };
        },
        { maxAttempts: options.maxAttempts },
      ),
    options.deadline,
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
  options: { maxAttempts: number; deadline: number; handOffAt: number; done: () => boolean },
): Promise<void> {
  for (;;) {
    const now = Date.now();
    // Leave time after the last batch to answer our own buyer.
    const release = (options.done() && now >= options.handOffAt) || now >= options.deadline - 5000;
    const { decided, leaseKept } = await processBatch(queueId, lease, { ...options, release });
    if (!leaseKept) {
      logger.debug("Allocator lease released", { productId: queueId, reason: decided === 0 ? "queue-empty" : release ? "hand-off" : "lost" });
      return;
    }
  }
}
