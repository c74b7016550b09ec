// The common case: an order for products nobody else is buying right now is decided in one
// transaction of its own (one read of the order, products and their hot markers, one
// commit). A product that is hot (being combined, or combined moments ago) is left to the
// queue, and so is an order whose transaction lost a race: that collision is what makes a
// product hot.
import { isRetryable } from "../orders/contentionRetry";
import { db } from "../firestore";
import { planAllocation, type Decision, type OrderRequest } from "./allocationPlan";
import { existingOrders, orderRef, productIdsOf, productRef, readBoughtBefore, readProducts, writePlan } from "./allocationWrites";
import { hotUntil, leaseRef, type LeaseData } from "./allocatorLease";

export type DirectResult =
  | { kind: "decided"; decision: Decision }
  // Hot: queue under `productId` (until `until`, epoch ms); contended: the transaction lost a race.
  | { kind: "hot"; productId: string; until: number }
  | { kind: "contended" };

export async function allocateDirect(request: OrderRequest): Promise<DirectResult> {
  const productIds = productIdsOf([request]);
  try {
    return await db().runTransaction(
      async (tx): Promise<DirectResult> => {
        const snapshots = await tx.getAll(orderRef(request.orderId), ...productIds.map(productRef), ...productIds.map(leaseRef));
        const now = Date.now();
        const leases = snapshots.slice(1 + productIds.length);
        const hot = productIds
          .map((productId, index) => ({ productId, until: hotUntil(leases[index]?.data() as LeaseData | undefined) }))
          .filter(({ until }) => until > now)
          .sort((a, b) => a.productId.localeCompare(b.productId))[0];
        if (hot) return { kind: "hot", ...hot };
        const products = readProducts(productIds, snapshots.slice(1, 1 + productIds.length));
        const plan = planAllocation([request], products, existingOrders(snapshots.slice(0, 1)), await readBoughtBefore(tx, [request], products));
        writePlan(tx, plan, products);
        return { kind: "decided", decision: plan.decisions[0] as Decision };
      },
      // One attempt: losing a race means the product is contended, and the queue handles that.
      { maxAttempts: 1 },
    );
  } catch (error) {
    if (isRetryable(error)) return { kind: "contended" };
    throw error;
  }
}
