// Order combining for hot products. Every order request is queued under one product
// (its first product id); whichever invocation holds that product's lease drains the
// queue in batches, one transaction per batch. A hot product then takes one transaction
// per batch instead of one per buyer, and no two transactions wait on its lock.
import { randomUUID } from "node:crypto";
import { FieldValue, Timestamp, type DocumentReference, type DocumentSnapshot } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import type { HttpsError } from "firebase-functions/v2/https";
import { db, ORDERS, PRODUCTS } from "../firestore";
import type { Order, PlaceOrderResult } from "../orders/orderSchema";
import { limitedPurchases, planAllocation, type OrderRequest } from "./allocationPlan";
import { acquireLease, releaseLease, renewLease, type Lease } from "./allocatorLease";
import { stockStatus } from "./productSchema";
import { readProduct } from "./readProduct";
import { recordMovement } from "./stockLedger";
import { withContentionRetry } from "../orders/contentionRetry";

export const MAX_BATCH = 100;
const OUTCOME_TTL_MS = 24 * 60 * 60 * 1000;

// What the allocator leaves for the waiting buyer.
export type Outcome =
  | { status: "confirmed"; result: PlaceOrderResult }
  | { status: "refused"; error: { code: HttpsError["code"]; message: string; details: unknown } };

export function queueProductId(request: Pick<OrderRequest, "items">): string {
  return request.items.map((item) => item.productId).sort()[0] as string;
}

function product(productId: string): DocumentReference {
  return db().collection(PRODUCTS).doc(productId);
}

// products/{productId}/customers/{uid}: units that buyer bought of a limited product.
export function customerRef(productId: string, uid: string): DocumentReference {
  return product(productId).collection("customers").doc(uid);
}

export function requestRef(queueId: string, orderId: string): DocumentReference {
  return product(queueId).collection("orderRequests").doc(orderId);
}

export function outcomeRef(queueId: string, orderId: string): DocumentReference {
  return product(queueId).collection("orderOutcomes").doc(orderId);
}

export type QueuedRequest = OrderRequest & { attemptId: string };

// Queues the request and returns the attempt id to wait for. When an identical request
// (same order id: a concurrent replay) is queued already, waits for that one instead;
// undefined when that one was decided in the meantime (read its outcome or order).
export async function enqueue(request: OrderRequest): Promise<string | undefined> {
  const ref = requestRef(queueProductId(request), request.orderId);
  const attemptId = randomUUID();
  try {
    await ref.create({ ...request, attemptId, queuedAt: FieldValue.serverTimestamp() });
    return attemptId;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 6) throw error; // ALREADY_EXISTS
  }
  const queued = await ref.get();
  return (queued.data() as QueuedRequest | undefined)?.attemptId;
}

// Removes a request that was not decided yet. True if it was withdrawn, false if a
// batch already decided it (then its outcome is, or is about to be, readable).
export async function withdraw(request: OrderRequest): Promise<boolean> {
  const ref = requestRef(queueProductId(request), request.orderId);
  return db().runTransaction(async (tx) => {
    const snapshot = await tx.get(ref);
    if (!snapshot.exists) return false;
    tx.delete(ref);
    return true;
  });
}

function toOutcome(decision: ReturnType<typeof planAllocation>["decisions"][number]): Outcome {
  if (decision.kind === "refused") {
    const { code, message, details } = decision.error;
    return { status: "refused", error: { code, message, details } };
  }
  return { status: "confirmed", result: decision.result };
}

// Decides up to MAX_BATCH queued requests in one transaction. Returns how many it decided.
async function processBatch(queueId: string, maxAttempts: number, deadline: number): Promise<number> {
  const queued = await product(queueId).collection("orderRequests").orderBy("queuedAt").limit(MAX_BATCH).get();
  if (queued.empty) return 0;
  const refs = queued.docs.map((doc) => doc.ref);

  const { value: decided, attempts } = await withContentionRetry(
    () =>
      db().runTransaction(
        async (tx) => {
          // Re-read inside the transaction: a request may have been withdrawn or decided since.
          const live = (await tx.getAll(...refs)).filter((snapshot) => snapshot.exists);
          if (live.length === 0) return 0;
          const requests = live.map((snapshot) => snapshot.data() as QueuedRequest);
          const productIds = [...new Set(requests.flatMap((request) => request.items.map((item) => item.productId)))];
          const snapshots = await tx.getAll(
            ...productIds.map(product),
            ...requests.map((request) => db().collection(ORDERS).doc(request.orderId)),
          );
          const products = new Map(productIds.map((id, index) => [id, readProduct(snapshots[index] as DocumentSnapshot)]));
          const existing = new Map(
            snapshots
              .slice(productIds.length)
              .filter((snapshot) => snapshot.exists)
              .map((snapshot) => [snapshot.id, snapshot.data() as Order]),
          );

          // Per-customer limits: what each buyer in this batch already bought of limited products.
          const limited = limitedPurchases(requests, products);
          const counters = limited.length ? await tx.getAll(...limited.map(({ productId, uid }) => customerRef(productId, uid))) : [];
          const boughtBefore = new Map(limited.map(({ key }, index) => [key, (counters[index]?.get("bought") as number | undefined) ?? 0]));

          const plan = planAllocation(requests, products, existing, boughtBefore);
          for (const { productId, uid, bought } of plan.bought.values()) {
            tx.set(customerRef(productId, uid), { bought, updatedAt: FieldValue.serverTimestamp() });
          }
          const attemptIds = new Map(requests.map((request) => [request.orderId, request.attemptId]));
          for (const [productId, quantity] of plan.quantities) {
            tx.update(product(productId), { quantity, status: stockStatus(quantity) });
            const read = products.get(productId);
            const before = read?.ok ? read.product.quantity : quantity;
            if (before === quantity) continue;
            const orderIds = plan.decisions
              .filter((d) => d.kind === "confirmed" && d.order.items.some((line) => line.productId === productId))
              .map((d) => d.orderId);
            recordMovement(tx, { productId, cause: "order", delta: quantity - before, quantityBefore: before, quantityAfter: quantity, orderIds });
          }
          for (const decision of plan.decisions) {
            if (decision.kind === "confirmed") {
              tx.create(db().collection(ORDERS).doc(decision.orderId), { ...decision.order, createdAt: FieldValue.serverTimestamp() });
            }
            tx.delete(requestRef(queueId, decision.orderId));
            tx.set(outcomeRef(queueId, decision.orderId), {
              ...toOutcome(decision),
              attemptId: attemptIds.get(decision.orderId),
              decidedAt: FieldValue.serverTimestamp(),
              // Outcomes are read once by the waiting buyer; a TTL policy on expireAt deletes them.
              expireAt: Timestamp.fromMillis(Date.now() + OUTCOME_TTL_MS),
            });
          }
          return plan.decisions.length;
        },
        { maxAttempts },
      ),
    deadline,
  );
  logger.debug("Order batch decided", { productId: queueId, decided, attempts });
  return decided;
}

// Drains the queue while holding the lease. Stops when the queue is empty, or once
// `done()` holds and `handOffAt` passed, so a leader's own buyer isn't kept waiting forever;
// the other waiters then take over. Re-checks the queue after releasing, so a request
// queued while the lease was being released is never stranded.
export async function drain(
  queueId: string,
  lease: Lease,
  options: { maxAttempts: number; deadline: number; handOffAt: number; done: () => boolean },
): Promise<void> {
  let current: Lease | undefined = lease;
  while (current) {
    const decided = await processBatch(queueId, options.maxAttempts, options.deadline);
    const handOff = options.done() && Date.now() >= options.handOffAt;
    if (decided > 0 && !handOff && Date.now() < options.deadline) {
      if (!(await renewLease(current))) return;
      continue;
    }
    await releaseLease(current);
    logger.debug("Allocator lease released", { productId: queueId, reason: decided === 0 ? "queue-empty" : handOff ? "hand-off" : "deadline" });
    current = undefined;
    if (decided === 0) {
      const again = await product(queueId).collection("orderRequests").limit(1).get();
      if (!again.empty) current = await acquireLease(queueId, lease.owner);
    }
  }
}
