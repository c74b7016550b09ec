// The combining path's wait, as I/O: carries out the steps the queue protocol
// (waiterProtocol.ts, pure) asks for against Firestore (queueing, listening for the outcome and
// the lease, leading the queue, taking the request back) and tells it what each step found.
import { randomUUID } from "node:crypto";
import type { DocumentSnapshot } from "firebase-admin/firestore";
import { remainingMs, type CallBudget } from "../../budget";
import { db } from "../../firestore/db";
import { leaseRef, outcomeRef, requestRef } from "../../firestore/paths";
import { requestKey, type AllocationRequest, type Verdict } from "../allocationPlan";
import { coolUntil } from "../hotProducts";
import { HAND_OFF_AFTER_MS, POLL_MS } from "../timing";
import { acquireLease, isExpired, releaseLease, type Lease } from "./allocatorLease";
import { drain, enqueue, withdraw, type Outcome } from "./orderQueue";
import { OutcomeWatch } from "./outcomeWatch";
import { nextStep, START, type Waiter, type WaiterAction, type WaiterEvent, type WaiterState } from "./waiterProtocol";

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

// `read`: the buyer's rate-limit bucket and the product's lease as the direct path read them, if it did.
export async function waitForOutcome(queueId: string, request: AllocationRequest, options: WaitOptions, read: { bucket?: DocumentSnapshot; lease?: DocumentSnapshot } = {}): Promise<Waited> {
  const { budget } = options;
  const clock = budget.clock;
  const waiter: Waiter = { requestKey: requestKey(request), requestId: request.requestId, decideBy: budget.decideBy };
  const watch = new OutcomeWatch(outcomeRef(queueId, request.id), leaseRef(queueId));
  const owner = randomUUID();
  const perMinute = options.rateLimitPerMinute ?? 0;
  let led = false;
  // The lease while this call drains the queue: handed on at once if a step fails.
  let leading: Lease | undefined;
  let expected: string | undefined;
  let failure: unknown;

  // Carries out one step of the protocol (waiterProtocol.ts) and says what happened.
  const perform = async (state: WaiterState, action: WaiterAction): Promise<WaiterEvent> => {
    switch (action.kind) {
      case "enqueue": {
        // A lease read free is claimed with the queueing: this call leads at once.
        const claim = action.claimLease && read.lease && isExpired(read.lease.data()) ? { lease: read.lease, owner } : undefined;
        const token = action.takeToken && perMinute > 0 ? { perMinute, clock, ...(read.bucket ? { bucket: read.bucket } : {}) } : undefined;
        const result = await enqueue(queueId, request, token, claim);
        if (result.kind === "queued" && result.leased) leading = { ref: leaseRef(queueId), owner };
        return { kind: "enqueued", result };
      }
      case "read-decision":
        return { kind: "read", outcome: (await outcomeRef(queueId, request.id).get()).data() as Outcome | undefined };
      case "look":
        if (action.sleep) await watch.next(Math.min(POLL_MS, Math.max(1, remainingMs(budget))));
        return { kind: "looked", now: clock(), outcome: watch.outcome(), leaseFree: watch.leaseFree() };
      case "acquire-lease": {
        // Seen free by the listener (take it from that snapshot), or read afresh.
        const lease = await acquireLease(queueId, owner, watch.leaseFree() ? watch.leaseSnapshot() : undefined);
        leading = lease;
        return { kind: "acquired", lease: lease !== undefined, now: clock() };
      }
      case "drain": {
        const lease = leading as Lease;
        const attemptId = "attemptId" in state ? state.attemptId : undefined;
        led = true;
        await drain(queueId, lease, {
          maxAttempts: options.maxAttempts,
          deadline: budget.decideBy,
          clock,
          handOffAt: clock() + HAND_OFF_AFTER_MS,
          done: () => watch.outcome()?.attemptId === attemptId,
          own: request.id,
        });
        leading = undefined;
        return { kind: "drained", outcome: watch.outcome() };
      }
      case "check-queued": {
        const [queued, decided] = await db().getAll(requestRef(queueId, request.id), outcomeRef(queueId, request.id));
        return { kind: "checked", queued: queued?.exists === true, outcome: decided?.data() as Outcome | undefined };
      }
      case "withdraw":
        // A lease claimed with the queueing but not used (out of time): hand it on first.
        if (leading) await releaseLease(leading);
        leading = undefined;
        return { kind: "withdrew", result: await withdraw(queueId, request, budget) };
      case "answer":
      case "fail":
        throw new Error(`queue protocol: ${action.kind} is not a step`);
    }
  };

  try {
    let { state, action } = START;
    while (action.kind !== "answer" && action.kind !== "fail") {
      let event: WaiterEvent;
      try {
        event = await perform(state, action);
      } catch (error) {
        failure = error;
        if (leading) await releaseLease(leading);
        leading = undefined;
        event = { kind: "failed" };
      }
      ({ state, action } = nextStep(waiter, state, event));
      // In-memory hand-off of a batch decided in this instance: for the attempt being waited on.
      const attemptId = "attemptId" in state ? state.attemptId : undefined;
      if (attemptId && attemptId !== expected) watch.expect((expected = attemptId));
    }
    if (action.kind === "fail") throw failure;
    return { verdict: action.verdict, led, coolUntil: coolUntil(watch.leaseData()) };
  } finally {
    watch.close();
  }
}
