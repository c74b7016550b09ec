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

// Direct tries when a commit lost a race but no product changed, before queueing anyway.
const DIRECT_ATTEMPTS_WITHOUT_A_CONTENDED_PRODUCT = 3;
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
  for (let attempt = 1; !queueId; attempt += 1) {
    const direct = await allocateDirect(request, clock);
    if (direct.kind === "decided") return { path: "direct", verdict: verdictOf(direct.decision), led: false };
    if (direct.kind === "hot") {
      queueId = direct.productId;
      markHot(queueId, direct.until, clock());
    } else if (direct.productId || attempt >= DIRECT_ATTEMPTS_WITHOUT_A_CONTENDED_PRODUCT) {
      // Lost a race: the product someone else wrote is contended, so this instance queues its
      // orders for it for a while.
      queueId = direct.productId ?? queueProductId(request);
      markHot(queueId, clock() + HOT_COOL_DOWN_MS, clock());
    }
    // Else the race was lost on this buyer's own documents (a concurrent replay, its counters or
    // hold record), not on a product: no product is hot, so try the direct path again.
  }
  const { verdict, led, coolUntil } = await waitForOutcome(queueId, request, options);
  markHot(queueId, coolUntil, clock());
  return { path: "queue", verdict, led };
}
