// The allocator's one entry point: decides an order request on the path that fits. Direct (one
// read, one guarded commit) for products nobody else is buying right now; the combining queue
// for a hot product, or when the direct commit lost a race (which is what makes it hot).
import type { PlaceOrderResult } from "../model/order";
import type { Refusal } from "../stock/refusals";
import type { Decision, OrderRequest } from "./allocationPlan";
import { HOT_COOL_DOWN_MS } from "./allocatorLease";
import { allocateDirect } from "./directAllocation";
import { knownHot, markHot } from "./hotProducts";
import { queueProductId, type Outcome } from "./orderQueue";
import { waitForOutcome, type WaitOptions } from "./waitForOutcome";

export type { OrderRequest } from "./allocationPlan";
export type AllocateOptions = WaitOptions;

export type Verdict = { kind: "confirmed" | "replayed"; result: PlaceOrderResult } | { kind: "refused"; refusal: Refusal };

export interface Allocation {
  path: "direct" | "queue";
  // None: no decision before the deadline, or a concurrent identical request decided it
  // (the order document tells which).
  verdict?: Verdict;
  // The queue path: whether this call led a batch.
  led: boolean;
}

function fromDecision(decision: Decision): Verdict {
  return decision.kind === "refused" ? { kind: "refused", refusal: decision.refusal } : { kind: decision.kind, result: decision.result };
}

function fromOutcome(outcome: Outcome): Verdict {
  return outcome.status === "confirmed" ? { kind: "confirmed", result: outcome.result } : { kind: "refused", refusal: outcome.refusal };
}

export async function allocate(request: OrderRequest, options: AllocateOptions): Promise<Allocation> {
  const productIds = request.items.map((item) => item.productId);
  let queueId = knownHot(productIds);
  if (!queueId) {
    const direct = await allocateDirect(request);
    if (direct.kind === "decided") return { path: "direct", verdict: fromDecision(direct.decision), led: false };
    if (direct.kind === "hot") {
      queueId = direct.productId;
      markHot(queueId, direct.until);
    } else {
      // Lost a race: the product is contended, so this instance queues its orders for a while.
      queueId = queueProductId(request);
      markHot(queueId, Date.now() + HOT_COOL_DOWN_MS);
    }
  }
  const { outcome, led, coolUntil } = await waitForOutcome(queueId, request, options);
  markHot(queueId, coolUntil);
  return { path: "queue", verdict: outcome ? fromOutcome(outcome) : undefined, led };
}
