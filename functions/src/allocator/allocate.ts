// The allocator's one entry point: decides an order request on the path that fits. Direct (one
// read, one guarded commit) for products nobody else is buying right now; the combining queue
// for a hot product, or when the direct commit lost a race (which is what makes it hot).
import { verdictOf, type OrderRequest, type Verdict } from "./allocationPlan";
import { HOT_COOL_DOWN_MS } from "./allocatorLease";
import { allocateDirect } from "./directAllocation";
import { knownHot, markHot } from "./hotProducts";
import { queueProductId } from "./orderQueue";
import { waitForOutcome, type WaitOptions } from "./waitForOutcome";

export type { OrderRequest, Verdict } from "./allocationPlan";
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
  if (!queueId) {
    const direct = await allocateDirect(request, clock);
    if (direct.kind === "decided") return { path: "direct", verdict: verdictOf(direct.decision), led: false };
    if (direct.kind === "hot") {
      queueId = direct.productId;
      markHot(queueId, direct.until);
    } else {
      // Lost a race: the product someone else wrote is contended, so this instance queues its
      // orders for it for a while.
      queueId = direct.productId ?? queueProductId(request);
      markHot(queueId, clock() + HOT_COOL_DOWN_MS);
    }
  }
  const { verdict, led, coolUntil } = await waitForOutcome(queueId, request, options);
  markHot(queueId, coolUntil);
  return { path: "queue", verdict, led };
}
