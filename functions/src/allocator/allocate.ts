// The allocator's one entry point: decides an order request on the path that fits. Direct (one
// read, one guarded commit) for products nobody else is buying right now; the combining queue
// for a hot product, or when the direct commit lost a race (which is what makes it hot).
import type { DocumentSnapshot } from "firebase-admin/firestore";
import { verdictOf, type OrderRequest, type Verdict } from "./allocationPlan";
import { HOT_COOL_DOWN_MS } from "./allocatorLease";
import { allocateDirect } from "./directAllocation";
import { knownHot, markHot } from "./hotProducts";
import { waitForOutcome, type WaitOptions } from "./waitForOutcome";

export type { OrderRequest, Verdict } from "./allocationPlan";
export { takeTokenAlone } from "./orderQueue";

export type AllocateOptions = WaitOptions;

export interface Allocation {
  path: "direct" | "queue";
  // None: no decision within the budget (the request was taken back), or a concurrent
  // identical request decided it (the order document tells which).
  verdict?: Verdict;
  // The queue path: whether this call led a batch.
  led: boolean;
}

export async function allocate(request: OrderRequest, options: AllocateOptions): Promise<Allocation> {
  const clock = options.budget.clock;
  const productIds = request.items.map((item) => item.productId);
  let queueId = knownHot(productIds, clock());
  let bucket: DocumentSnapshot | undefined;
  for (let attempt = 1; !queueId; attempt += 1) {
    const direct = await allocateDirect(request, clock, options.rateLimitPerMinute);
    if (direct.kind === "decided") return { path: "direct", verdict: verdictOf(direct.decision), led: false };
    if (direct.kind === "hot") {
      queueId = direct.productId;
      bucket = direct.bucket;
      markHot(queueId, direct.until, clock());
    } else if (direct.productId) {
      // Lost a race on a product: the product someone else wrote is contended, so this instance
      // queues its orders for it for a while.
      queueId = direct.productId;
      markHot(queueId, clock() + HOT_COOL_DOWN_MS, clock());
    } else {
      // Lost on this buyer's own documents (its rate-limit bucket, counters or hold record, or a
      // concurrent replay), not on a product: no product is hot. Try again, shortly.
      if (clock() >= options.budget.decideBy) return { path: "direct", led: false };
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 10 * 2 ** attempt)));
    }
  }
  const { verdict, led, coolUntil } = await waitForOutcome(queueId, request, options, bucket);
  markHot(queueId, coolUntil, clock());
  return { path: "queue", verdict, led };
}
