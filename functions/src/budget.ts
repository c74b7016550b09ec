// One time budget per call, counted from its start: every wait inside the call (the rate
// limit's transaction, the allocation, taking a queued request back, reading a decision that
// beat the withdrawal) draws on it, and it always leaves time to answer before the platform's
// timeout ends the call. The clock is injectable so tests can run a whole budget in moments.
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

// Kept at the end of every call, after all waits: logging, encoding the answer, the network.
export const ANSWER_RESERVE_MS = 5_000;
// Kept after the decision wait: withdrawing a queued request (a transaction), then reading the
// decision of a batch that took it first.
export const WITHDRAW_RESERVE_MS = 5_000;
// Of that, the withdrawal's own share; the rest waits for a decision that beat it.
export const WITHDRAW_MS = 3_000;
// A call's waits for lost races on its own documents (the rate-limit bucket, an admin's stock
// change) give up after this, even when the budget has more.
export const SHORT_WAIT_MS = 10_000;

export interface CallBudget {
  clock: Clock;
  startedAt: number;
  // The waits for a decision end by then (epoch ms).
  decideBy: number;
  // The call has its answer by then; the platform's timeout is ANSWER_RESERVE_MS later.
  answerBy: number;
}

export function callBudget(timeoutSeconds: number, clock: Clock = systemClock): CallBudget {
  const startedAt = clock();
  const answerBy = startedAt + timeoutSeconds * 1000 - ANSWER_RESERVE_MS;
  const decideBy = answerBy - WITHDRAW_RESERVE_MS;
  if (decideBy - startedAt < 1000) throw new Error(`a ${timeoutSeconds} s timeout leaves no time to decide anything`);
  return { clock, startedAt, decideBy, answerBy };
}

// Milliseconds left until `until` (default: the decision deadline), never negative.
export function remainingMs(budget: CallBudget, until = budget.decideBy): number {
  return Math.max(0, until - budget.clock());
}
