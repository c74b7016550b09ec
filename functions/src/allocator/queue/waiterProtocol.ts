// The queue protocol as a buyer's call lives it, as one pure function: the call's state and
// what just happened (an I/O step's result) give its next state and the next I/O step. The
// shell (waitForOutcome.ts) only carries the steps out against Firestore; every decision is
// here, so test/unit/waiterProtocol.test.ts can run the protocol through every interleaving of
// several calls without Firebase.
//
// The call queues its request (one attempt id per queueing), then waits for a batch to decide
// that attempt, leading the queue itself whenever nobody does (a lease). Every way out without
// a decision (out of time, a failed step) first takes the request back, so it never becomes an
// order after the buyer was told no; a decision that beat the take-back is the answer instead.
import type { Refusal } from "../../model/refusals";
import type { Verdict } from "../allocationPlan";
import { LEASE_RETRY_MS } from "../timing";
import type { Outcome } from "./queueOutcome";

// What queueing found (orderQueue.enqueue).
export type Enqueued =
  // Queued now, as this attempt; `leased`: with the product's lease claimed in the same commit.
  | { kind: "queued"; attemptId: string; leased?: boolean }
  // The same request (a concurrent replay) is queued already: wait for its attempt.
  | { kind: "joined"; attemptId: string }
  // A request under this order id was decided between our try to queue and our read of it.
  | { kind: "decided" }
  // A different request (another cart) is queued under this order id.
  | { kind: "reused" }
  // Over the buyer's rate limit: not queued.
  | { kind: "rate-limited"; refusal: Refusal };

// What taking a request back found (orderQueue.withdraw): it was still queued (now withdrawn),
// a batch had decided it (its outcome, read in the same transaction), or neither (a concurrent
// identical request took it back, or it was never queued).
export type Withdrawal = { kind: "withdrawn" } | { kind: "decided"; outcome: Outcome } | { kind: "gone" };

// The call's request as the protocol needs it.
export interface Waiter {
  requestKey: string;
  requestId: string;
  // When the call stops waiting and takes its request back (epoch ms).
  decideBy: number;
}

export type WaiterState =
  // `triedAt` (here and below): when this call last tried to take the lease (0: never).
  | { phase: "queueing"; triedAt: number }
  | { phase: "reading-decision" }
  // `claimed`: the lease was claimed with the queueing (lead unless out of time).
  | { phase: "waiting"; attemptId: string; triedAt: number; claimed?: boolean }
  | { phase: "acquiring"; attemptId: string; triedAt: number }
  | { phase: "leading"; attemptId: string; triedAt: number }
  | { phase: "checking"; attemptId: string; triedAt: number }
  // `failed`: taken back after a failed step (the error is the answer unless a decision beat it).
  | { phase: "withdrawing"; failed: boolean }
  | { phase: "answered"; verdict?: Verdict }
  | { phase: "failed" };

export type WaiterEvent =
  | { kind: "enqueued"; result: Enqueued }
  // The decision stored for the order id, as read.
  | { kind: "read"; outcome?: Outcome }
  // A look at the world: the time, the order id's outcome as last seen, whether the lease is free.
  | { kind: "looked"; now: number; outcome?: Outcome; leaseFree: boolean }
  | { kind: "acquired"; lease: boolean; now: number }
  // Draining ended; `outcome`: the order id's outcome as last seen.
  | { kind: "drained"; outcome?: Outcome }
  // After draining without our outcome: whether our request is still queued, and the stored outcome.
  | { kind: "checked"; queued: boolean; outcome?: Outcome }
  | { kind: "withdrew"; result: Withdrawal }
  // The step threw (its effect may or may not have landed).
  | { kind: "failed" };

export type WaiterAction =
  // `takeToken`: the buyer's rate-limit token with it (not when re-queueing the same call);
  // `claimLease`: claim the lease in the same commit if it was read free.
  | { kind: "enqueue"; takeToken: boolean; claimLease: boolean }
  | { kind: "read-decision" }
  // Look now, or after the next change (a listener event, or a short poll).
  | { kind: "look"; sleep: boolean }
  | { kind: "acquire-lease" }
  | { kind: "drain" }
  | { kind: "check-queued" }
  | { kind: "withdraw" }
  | { kind: "answer"; verdict?: Verdict }
  // Rethrow the failed step's error.
  | { kind: "fail" };

export interface Step {
  state: WaiterState;
  action: WaiterAction;
}

export const START: Step = { state: { phase: "queueing", triedAt: 0 }, action: { kind: "enqueue", takeToken: true, claimLease: true } };

function reused(waiter: Waiter): Verdict {
  return { kind: "refused", refusal: { reason: "request-id-reused", requestId: waiter.requestId } };
}

// A stored outcome as the answer: its own, or one for a different request under the same id (a
// confirmed other cart refuses this one; a refused one says nothing about it).
export function answerFrom(waiter: Waiter, outcome: Outcome | undefined): Verdict | undefined {
  if (!outcome) return undefined;
  if (outcome.requestKey !== undefined && outcome.requestKey !== waiter.requestKey) return outcome.kind === "refused" ? undefined : reused(waiter);
  return outcome.kind === "refused" ? { kind: "refused", refusal: outcome.refusal } : { kind: outcome.kind, result: outcome.result };
}

const answer = (verdict?: Verdict): Step => ({ state: { phase: "answered", ...(verdict ? { verdict } : {}) }, action: { kind: "answer", ...(verdict ? { verdict } : {}) } });
const takeBack = (failed: boolean): Step => ({ state: { phase: "withdrawing", failed }, action: { kind: "withdraw" } });
// Only this attempt's outcome answers it: an older attempt's (a refused requestId being
// retried) must never answer a newer one.
const mine = (outcome: Outcome | undefined, attemptId: string) => (outcome?.attemptId === attemptId ? outcome : undefined);

function afterQueueing(waiter: Waiter, result: Enqueued, triedAt: number): Step {
  switch (result.kind) {
    case "rate-limited":
      return answer({ kind: "refused", refusal: result.refusal });
    case "reused":
      return answer(reused(waiter));
    case "decided":
      // Decided between our try to queue and our read of it: that decision stands for this request too.
      return { state: { phase: "reading-decision" }, action: { kind: "read-decision" } };
    case "queued":
      // With the lease claimed with the queueing, the look that follows leads at once.
      return { state: { phase: "waiting", attemptId: result.attemptId, triedAt, ...(result.leased ? { claimed: true } : {}) }, action: { kind: "look", sleep: false } };
    case "joined":
      return { state: { phase: "waiting", attemptId: result.attemptId, triedAt }, action: { kind: "look", sleep: false } };
  }
}

export function nextStep(waiter: Waiter, state: WaiterState, event: WaiterEvent): Step {
  if (event.kind === "failed") {
    // Queueing, waiting or draining failed (even a queueing whose answer was lost): never leave
    // the request queued behind the answer. A failed take-back is the call's failure.
    // A take-back at the deadline that fails is tried once more, as after any failed step.
    if ((state.phase === "withdrawing" && state.failed) || state.phase === "answered" || state.phase === "failed") return { state: { phase: "failed" }, action: { kind: "fail" } };
    return takeBack(true);
  }
  switch (state.phase) {
    case "queueing":
      if (event.kind === "enqueued") return afterQueueing(waiter, event.result, state.triedAt);
      break;
    case "reading-decision":
      if (event.kind === "read") return answer(answerFrom(waiter, event.outcome));
      break;
    case "waiting":
      if (event.kind === "looked") {
        const outcome = mine(event.outcome, state.attemptId);
        if (outcome) return answer(answerFrom(waiter, outcome));
        // Out of time: take the request back so it can't become an order after we answer.
        // (A lease claimed with the queueing is handed back first: the shell's take-back does that.)
        if (event.now >= waiter.decideBy) return takeBack(false);
        if (state.claimed) return { state: { phase: "leading", attemptId: state.attemptId, triedAt: event.now }, action: { kind: "drain" } };
        // Listeners can lag: the lease is also tried every LEASE_RETRY_MS, so a released
        // lease is never left untaken until it would have expired.
        if (event.leaseFree || event.now - state.triedAt >= LEASE_RETRY_MS) {
          return { state: { phase: "acquiring", attemptId: state.attemptId, triedAt: event.now }, action: { kind: "acquire-lease" } };
        }
        return { state, action: { kind: "look", sleep: true } };
      }
      break;
    case "acquiring":
      if (event.kind === "acquired") {
        if (event.lease) return { state: { ...state, phase: "leading" }, action: { kind: "drain" } };
        return { state: { ...state, phase: "waiting" }, action: { kind: "look", sleep: true } };
      }
      break;
    case "leading":
      if (event.kind === "drained") {
        const outcome = mine(event.outcome, state.attemptId);
        if (outcome) return answer(answerFrom(waiter, outcome));
        // We drained the queue, yet no outcome for our attempt: find out why.
        return { state: { ...state, phase: "checking" }, action: { kind: "check-queued" } };
      }
      break;
    case "checking":
      if (event.kind === "checked") {
        if (event.queued) return { state: { ...state, phase: "waiting" }, action: { kind: "look", sleep: false } };
        // Decided under another attempt id (a concurrent replay's): that decision stands.
        if (event.outcome) return answer(answerFrom(waiter, event.outcome));
        // Taken back by a concurrent identical call: queue it again (its token is taken already).
        return { state: { phase: "queueing", triedAt: state.triedAt }, action: { kind: "enqueue", takeToken: false, claimLease: false } };
      }
      break;
    case "withdrawing":
      if (event.kind === "withdrew") {
        const decided = event.result.kind === "decided" ? answerFrom(waiter, event.result.outcome) : undefined;
        // After a failure, only a decision that beat the take-back answers; else the error does.
        if (state.failed && !decided) return { state: { phase: "failed" }, action: { kind: "fail" } };
        return answer(decided);
      }
      break;
    case "answered":
    case "failed":
      break;
  }
  throw new Error(`queue protocol: event ${event.kind} in phase ${state.phase}`);
}
