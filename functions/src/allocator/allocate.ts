// The allocator's one entry point: decides an order request on the path that fits. Direct (one
// read, one guarded commit, with this instance's other orders for the product: lanes/localCombiner.ts,
// which also retries lost commits) unless the product is hot across instances; an order that
// keeps losing races on a product goes to the product's queue, which combines the orders of
// every instance (and, when it combines several, makes the product hot for a while).
import type { DocumentSnapshot } from "firebase-admin/firestore";
import { verdictOf, type AllocationRequest, type Verdict } from "./allocationPlan";
import { contendedProduct } from "./directAllocation";
import { allocateCombined } from "./lanes/localCombiner";
import { queueProductId } from "./queue/orderQueue";
import { knownHot, markHot } from "./hotProducts";
import { waitForOutcome, type WaitOptions } from "./queue/waitForOutcome";

export type { AllocationRequest, Verdict } from "./allocationPlan";
export { takeTokenAlone } from "./queue/orderQueue";

export type AllocateOptions = WaitOptions;

export interface Allocation {
  path: "direct" | "queue";
  // None: no decision within the budget (the request was taken back), or a concurrent
  // identical request decided it (the order document tells which).
  verdict?: Verdict;
  // The queue path: whether this call led a batch.
  led: boolean;
}

export async function allocate(request: AllocationRequest, options: AllocateOptions): Promise<Allocation> {
  const clock = options.budget.clock;
  const productIds = request.items.map((item) => item.productId);
  let queueId = knownHot(productIds, clock());
  let read: { bucket?: DocumentSnapshot; lease?: DocumentSnapshot } = {};
  for (let attempt = 1; !queueId; attempt += 1) {
    // This instance's orders for the product go together; a lost commit is retried there.
    const direct = await allocateCombined(queueProductId(request), request, clock, options.rateLimitPerMinute ?? 0);
    if (direct.kind === "decided") return { path: "direct", verdict: verdictOf(direct.decision), led: false };
    if (direct.kind === "hot") {
      queueId = direct.productId;
      read = { ...(direct.bucket ? { bucket: direct.bucket } : {}), ...(direct.lease ? { lease: direct.lease } : {}) };
      markHot(queueId, direct.until, clock());
      break;
    }
    // Still losing races: on a product, other instances commit it all the time, so this order
    // goes to the product's queue, which combines every instance's orders.
    const contended = direct.productId ?? (await contendedProduct(direct.products ?? []));
    if (contended) {
      queueId = contended;
      break;
    }
    // Lost on the buyer's own documents (a rate-limit bucket, counters, a hold record, a
    // concurrent replay), not on a product: no product is hot. Try again, shortly.
    if (clock() >= options.budget.decideBy) return { path: "direct", led: false };
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 10 * 2 ** attempt)));
  }
  const { verdict, led, coolUntil } = await waitForOutcome(queueId, request, options, read);
  markHot(queueId, coolUntil, clock());
  return { path: "queue", verdict, led };
}
