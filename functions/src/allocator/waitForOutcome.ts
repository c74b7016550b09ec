// The combining path's wait loop: queue the request on the hot product, then sleep until its
// outcome arrives, leading the queue whenever nobody does. Every way out without a decision
// (out of time, or a failure while waiting or draining) first takes the request back, so it can
// never turn into an order after the buyer was told no; if a batch took it first, its decision
// is the answer.
import { randomUUID } from "node:crypto";
import type { DocumentSnapshot } from "firebase-admin/firestore";
import { remainingMs, type CallBudget } from "../budget";
import { db } from "../firestore/db";
import { leaseRef, outcomeRef, requestRef } from "../firestore/paths";
import { requestKey, type OrderRequest, type Verdict } from "./allocationPlan";
import { acquireLease, isExpired, releaseLease, type Lease } from "./allocatorLease";
import { drain, enqueue, withdraw, type Outcome } from "./orderQueue";
import { OutcomeWatch } from "./outcomeWatch";
import { HAND_OFF_AFTER_MS, LEASE_RETRY_MS, POLL_MS } from "./timing";

export interface WaitOptions {
  maxAttempts: number;
  // The call's time budget: the wait ends by budget.decideBy, the answer by budget.answerBy.
  budget: CallBudget;
  // The buyer's rate limit (ORDER_RATE_LIMIT_PER_MINUTE; 0 or none: off), taken in the same
  // commit as the order, or as the queued request.
  rateLimitPerMinute?: number;
}

export interface Waited {
  verdict?: Verdict;
  led: boolean;
  // Until when the product stays hot after its last combined batch.
  coolUntil: number;
}


function reused(request: OrderRequest): Verdict {
  return { kind: "refused", refusal: { reason: "request-id-reused", requestId: request.requestId } };
}

// A stored outcome as the answer to `request`: its own, or one for a different request under
// the same id (a confirmed other cart refuses this one; a refused one says nothing about it).
function answerFrom(request: OrderRequest, outcome: Outcome | undefined): Verdict | undefined {
  if (!outcome) return undefined;
  if (outcome.requestKey !== undefined && outcome.requestKey !== requestKey(request)) return outcome.kind === "refused" ? undefined : reused(request);
  return outcome.kind === "refused" ? { kind: "refused", refusal: outcome.refusal } : { kind: outcome.kind, result: outcome.result };
}

// `read`: the buyer's rate-limit bucket and the product's lease as the direct path read them, if it did.
export async function waitForOutcome(queueId: string, request: OrderRequest, options: WaitOptions, read: { bucket?: DocumentSnapshot; lease?: DocumentSnapshot } = {}): Promise<Waited> {
  const { budget } = options;
  const clock = budget.clock;
  const watch = new OutcomeWatch(outcomeRef(queueId, request.orderId), leaseRef(queueId));
  let led = false;
  const waited = (verdict?: Verdict): Waited => ({ verdict, led, coolUntil: watch.coolUntil() });
  const readDecision = async () => answerFrom(request, (await outcomeRef(queueId, request.orderId).get()).data() as Outcome | undefined);
  // The lease while this call drains the queue: handed on at once if draining fails.
  let leading: Lease | undefined;
  try {
    const perMinute = options.rateLimitPerMinute ?? 0;
    const owner = randomUUID();
    // A lease read free is claimed with the queueing: this call leads at once.
    const claim = read.lease && isExpired(read.lease.data()) ? { lease: read.lease, owner } : undefined;
    const queued = await enqueue(queueId, request, perMinute > 0 ? { perMinute, clock, ...(read.bucket ? { bucket: read.bucket } : {}) } : undefined, claim);
    if (queued.kind === "rate-limited") return waited({ kind: "refused", refusal: queued.refusal });
    if (queued.kind === "reused") return waited(reused(request));
    // Decided between our try to queue and our read of it: that decision stands for this request too.
    if (queued.kind === "decided") return waited(await readDecision());
    let attemptId = queued.attemptId;
    watch.expect(attemptId);
    let claimed = queued.kind === "queued" ? queued.leased : undefined;
    let triedAt = 0;

    while (clock() < budget.decideBy) {
      const outcome = watch.outcomeFor(attemptId);
      if (outcome) return waited(answerFrom(request, outcome));
      const free = watch.leaseFree();
      if (claimed || free || clock() - triedAt >= LEASE_RETRY_MS) {
        triedAt = clock();
        // Claimed with the queueing, or seen free by the listener (take it from that snapshot), or read afresh.
        const lease = claimed ?? (await acquireLease(queueId, owner, free ? watch.leaseSnapshot() : undefined));
        claimed = undefined;
        if (lease) {
          led = true;
          leading = lease;
          await drain(queueId, lease, {
            maxAttempts: options.maxAttempts,
            deadline: budget.decideBy,
            clock,
            handOffAt: clock() + HAND_OFF_AFTER_MS,
            done: () => watch.outcomeFor(attemptId) !== undefined,
            own: request.orderId,
          });
          leading = undefined;
          // We drained the queue, yet no outcome for our attempt: if our request is no longer
          // queued, it was decided under another attempt id (a concurrent replay) and the
          // decision for this order id stands; read it rather than wait for one that won't come.
          if (!watch.outcomeFor(attemptId)) {
            const [stillQueued, decided] = await db().getAll(requestRef(queueId, request.orderId), outcomeRef(queueId, request.orderId));
            if (!stillQueued?.exists && decided?.exists) return waited(answerFrom(request, decided.data() as Outcome));
            if (!stillQueued?.exists) {
              // The same call again: its token is taken already (so it can't be rate-limited now).
              const requeued = await enqueue(queueId, request);
              if (requeued.kind === "rate-limited") return waited({ kind: "refused", refusal: requeued.refusal });
              if (requeued.kind === "reused") return waited(reused(request));
              if (requeued.kind === "decided") return waited(await readDecision());
              attemptId = requeued.attemptId;
              watch.expect(attemptId);
            }
          }
          continue;
        }
      }
      await watch.next(Math.min(POLL_MS, Math.max(1, remainingMs(budget))));
    }
    // Out of time: take the request back so it can't become an order after we answer.
    return waited(await takeBack(queueId, request, budget));
  } catch (error) {
    if (leading) await releaseLease(leading);
    // Queueing, waiting or draining failed (even a queueing whose answer was lost): never leave
    // the request queued behind the answer. A decision that beat us is the answer instead.
    const decided = await takeBack(queueId, request, budget);
    if (decided) return waited(decided);
    throw error;
  } finally {
    watch.close();
  }
}

// Takes the request back. If a batch decided it first, that decision is the answer.
async function takeBack(queueId: string, request: OrderRequest, budget: CallBudget): Promise<Verdict | undefined> {
  const withdrawal = await withdraw(queueId, request, budget);
  return withdrawal.kind === "decided" ? answerFrom(request, withdrawal.outcome) : undefined;
}
