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
import { leaseRef, productRef } from "../firestore/paths";
import { planAllocation, type Decision, type OrderRequest } from "./allocationPlan";
import { buyerHoldsRefsOf, existingOrders, holdRefsOf, productIdsOf, readBoughtBefore, readBuyerHoldsOf, readHolds, readProducts, resultRef, writePlan } from "./allocationWrites";
import { hotUntil, type LeaseData } from "./allocatorLease";
import { firstInQueueOrder } from "./queueChoice";

export type DirectResult =
  | { kind: "decided"; decision: Decision }
  // Hot: queue under `productId` (hot until `until`, epoch ms).
  | { kind: "hot"; productId: string; until: number }
  // The commit lost a race; `productId` is the product written meanwhile (the contended one),
  // when a fresh read finds one.
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

export async function allocateDirect(request: OrderRequest, clock: Clock): Promise<DirectResult> {
  const productIds = productIdsOf([request]);
  let productSnapshots: DocumentSnapshot[] = [];
  try {
    const holdRefs = holdRefsOf([request]);
    const buyerHoldsRefs = buyerHoldsRefsOf([request]);
    const snapshots = await db().getAll(resultRef(request), ...productIds.map(productRef), ...productIds.map(leaseRef), ...holdRefs, ...buyerHoldsRefs);
    const now = clock();
    const leases = snapshots.slice(1 + productIds.length, 1 + 2 * productIds.length);
    const holdSnapshots = snapshots.slice(1 + 2 * productIds.length, 1 + 2 * productIds.length + holdRefs.length);
    const buyerHoldsSnapshots = snapshots.slice(1 + 2 * productIds.length + holdRefs.length);
    const hotUntils = new Map(productIds.map((productId, index) => [productId, hotUntil(leases[index]?.data() as LeaseData | undefined)]));
    const hot = firstInQueueOrder(productIds.filter((productId) => (hotUntils.get(productId) ?? 0) > now));
    if (hot) return { kind: "hot", productId: hot, until: hotUntils.get(hot) ?? now };

    productSnapshots = snapshots.slice(1, 1 + productIds.length);
    const products = readProducts(productIds, productSnapshots);
    const { bought, counters } = await readBoughtBefore(db(), [request], products);
    const plan = planAllocation([request], products, existingOrders(snapshots.slice(0, 1)), bought, readHolds(holdSnapshots), now, readBuyerHoldsOf(buyerHoldsSnapshots));
    const decision = plan.decisions[0] as Decision;
    // A replay or a refusal writes nothing.
    if (decision.kind !== "confirmed") return { kind: "decided", decision };
    const batch = db().batch();
    writePlan(guardedWriter(batch, [...productSnapshots, ...counters, ...holdSnapshots, ...buyerHoldsSnapshots]), plan, products);
    await batch.commit();
    return { kind: "decided", decision };
  } catch (error) {
    if (!lostRace(error)) throw error;
    // One more read, on this slow path only: which product did someone else write?
    const fresh = productSnapshots.length ? await db().getAll(...productIds.map(productRef)).catch(() => []) : [];
    return { kind: "contended", productId: changedProduct(productSnapshots, fresh) };
  }
}
