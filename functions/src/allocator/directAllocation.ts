// The common case: an order for products nobody else is buying right now is decided with one
// read (the order, its products and their hot markers, plus purchase counters for limited
// products) and one atomic commit. The commit is guarded instead of locked: each product and
// counter is written only if unchanged since it was read, the order only if it doesn't exist
// yet. So it is as safe as a transaction, holds no locks while the function thinks, and a lost
// race fails at once rather than waiting on a lock. A product that is hot (being combined, or
// combined moments ago) is left to the queue, and so is an order whose commit lost a race:
// that collision is what makes a product hot.
import type { DocumentSnapshot } from "firebase-admin/firestore";
import type { Clock } from "../budget";
import { db } from "../firestore/db";
import { guardedWriter, lostRace } from "../firestore/guardedCommit";
import { leaseRef, productRef, rateLimitRef } from "../firestore/paths";
import { readBucket, takeToken, type Bucket } from "../model/tokenBucket";
import type { Refusal } from "../stock/refusals";
import type { StockWriter } from "../stock/stockChange";
import { planAllocation, type Decision, type OrderRequest } from "./allocationPlan";
import { buyerHoldsRefsOf, existingOrders, holdRefsOf, productIdsOf, readBoughtBefore, readBuyerHoldsOf, readHolds, readProducts, resultRef, writePlan } from "./allocationWrites";
import { hotUntil, type LeaseData } from "./allocatorLease";
import { firstInQueueOrder } from "./queueChoice";

export type DirectResult =
  | { kind: "decided"; decision: Decision }
  // Hot: queue under `productId` (hot until `until`, epoch ms). `bucket`: the buyer's rate-limit
  // bucket as read, for the token the queued request takes.
  | { kind: "hot"; productId: string; until: number; bucket?: DocumentSnapshot }
  // The commit lost a race; `productId` is the product written meanwhile (the contended one),
  // when a fresh read finds one (else it was the buyer's own documents).
  | { kind: "contended"; productId?: string };

// Of the products as read before a lost commit and as read now, the first (in queue order)
// that someone else wrote in between.
export function changedProduct(before: DocumentSnapshot[], after: DocumentSnapshot[]): string | undefined {
  const changed = before.filter((snapshot, index) => {
    const now = after[index];
    return now !== undefined && (snapshot.exists !== now.exists || !(snapshot.updateTime && now.updateTime && snapshot.updateTime.isEqual(now.updateTime)));
  });
  return firstInQueueOrder(changed.map((snapshot) => snapshot.id));
}

// The rate limit's token, taken in the same commit as the order (or alone, for a refusal or a
// replay, which write nothing else): the request reached Firestore, so it counts.
function takeTokenIn(writer: StockWriter, bucket: DocumentSnapshot, taken: Bucket): void {
  writer.set(bucket.ref, taken);
}

export async function allocateDirect(request: OrderRequest, clock: Clock, rateLimitPerMinute = 0): Promise<DirectResult> {
  const productIds = productIdsOf([request]);
  let productSnapshots: DocumentSnapshot[] = [];
  try {
    const holdRefs = holdRefsOf([request]);
    const buyerHoldsRefs = buyerHoldsRefsOf([request]);
    const limited = rateLimitPerMinute > 0;
    const snapshots = await db().getAll(resultRef(request), ...productIds.map(productRef), ...productIds.map(leaseRef), ...holdRefs, ...buyerHoldsRefs, ...(limited ? [rateLimitRef(request.uid)] : []));
    const now = clock();
    const bucket = limited ? snapshots.pop() : undefined;
    const leases = snapshots.slice(1 + productIds.length, 1 + 2 * productIds.length);
    const holdSnapshots = snapshots.slice(1 + 2 * productIds.length, 1 + 2 * productIds.length + holdRefs.length);
    const buyerHoldsSnapshots = snapshots.slice(1 + 2 * productIds.length + holdRefs.length);
    const hotUntils = new Map(productIds.map((productId, index) => [productId, hotUntil(leases[index]?.data() as LeaseData | undefined)]));
    const hot = firstInQueueOrder(productIds.filter((productId) => (hotUntils.get(productId) ?? 0) > now));
    if (hot) return { kind: "hot", productId: hot, until: hotUntils.get(hot) ?? now, ...(bucket ? { bucket } : {}) };

    let token: Bucket | undefined;
    if (bucket) {
      const taken = takeToken(readBucket(bucket.data()), now, rateLimitPerMinute);
      if ("retryAfterSeconds" in taken) {
        const refusal: Refusal = { reason: "rate-limited", retryAfterSeconds: taken.retryAfterSeconds, limitPerMinute: rateLimitPerMinute };
        return { kind: "decided", decision: { kind: "refused", orderId: request.orderId, refusal } };
      }
      token = taken.bucket;
    }
    productSnapshots = snapshots.slice(1, 1 + productIds.length);
    const products = readProducts(productIds, productSnapshots);
    const { bought, counters } = await readBoughtBefore(db(), [request], products);
    const plan = planAllocation([request], products, existingOrders(snapshots.slice(0, 1)), bought, readHolds(holdSnapshots), now, readBuyerHoldsOf(buyerHoldsSnapshots));
    const decision = plan.decisions[0] as Decision;
    // A replay or a refusal writes nothing but the token.
    if (decision.kind !== "confirmed" && !(bucket && token)) return { kind: "decided", decision };
    const batch = db().batch();
    const writer = guardedWriter(batch, [...productSnapshots, ...counters, ...holdSnapshots, ...buyerHoldsSnapshots, ...(bucket ? [bucket] : [])]);
    if (decision.kind === "confirmed") writePlan(writer, plan, products);
    if (bucket && token) takeTokenIn(writer, bucket, token);
    await batch.commit();
    return { kind: "decided", decision };
  } catch (error) {
    if (!lostRace(error)) throw error;
    // One more read, on this slow path only: which product did someone else write?
    const fresh = productSnapshots.length ? await db().getAll(...productIds.map(productRef)).catch(() => []) : [];
    return { kind: "contended", productId: changedProduct(productSnapshots, fresh) };
  }
}
