// The common case: an order for products nobody else is buying right now is decided with one
// read (the order, its products and their hot markers, plus purchase counters for limited
// products) and one atomic commit. The commit is guarded instead of locked: each product and
// counter is written only if unchanged since it was read, the order only if it doesn't exist
// yet. So it is as safe as a transaction, holds no locks while the function thinks, and a lost
// race fails at once rather than waiting on a lock. A product that is hot (being combined, or
// combined moments ago) is left to the queue, and so is an order whose commit lost a race:
// that collision is what makes a product hot.
import { db } from "../firestore/db";
import { guardedWriter, lostRace } from "../firestore/guardedCommit";
import { leaseRef, productRef } from "../firestore/paths";
import { planAllocation, type Decision, type OrderRequest } from "./allocationPlan";
import { existingOrders, holdRefsOf, productIdsOf, readBoughtBefore, readHolds, readProducts, resultRef, writePlan } from "./allocationWrites";
import { hotUntil, type LeaseData } from "./allocatorLease";

export type DirectResult =
  | { kind: "decided"; decision: Decision }
  // Hot: queue under `productId` (hot until `until`, epoch ms); contended: the commit lost a race.
  | { kind: "hot"; productId: string; until: number }
  | { kind: "contended" };

export async function allocateDirect(request: OrderRequest): Promise<DirectResult> {
  const productIds = productIdsOf([request]);
  try {
    const holdRefs = holdRefsOf([request]);
    const snapshots = await db().getAll(resultRef(request), ...productIds.map(productRef), ...productIds.map(leaseRef), ...holdRefs);
    const now = Date.now();
    const leases = snapshots.slice(1 + productIds.length, 1 + 2 * productIds.length);
    const holdSnapshots = snapshots.slice(1 + 2 * productIds.length);
    const hot = productIds
      .map((productId, index) => ({ productId, until: hotUntil(leases[index]?.data() as LeaseData | undefined) }))
      .filter(({ until }) => until > now)
      .sort((a, b) => a.productId.localeCompare(b.productId))[0];
    if (hot) return { kind: "hot", ...hot };

    const productSnapshots = snapshots.slice(1, 1 + productIds.length);
    const products = readProducts(productIds, productSnapshots);
    const { bought, counters } = await readBoughtBefore(db(), [request], products);
    const plan = planAllocation([request], products, existingOrders(snapshots.slice(0, 1)), bought, readHolds(holdSnapshots));
    const decision = plan.decisions[0] as Decision;
    // A replay or a refusal writes nothing.
    if (decision.kind !== "confirmed") return { kind: "decided", decision };
    const batch = db().batch();
    writePlan(guardedWriter(batch, [...productSnapshots, ...counters, ...holdSnapshots]), plan, products);
    await batch.commit();
    return { kind: "decided", decision };
  } catch (error) {
    if (lostRace(error)) return { kind: "contended" };
    throw error;
  }
}
