// One time budget per call, checked against each callable's own timeout: every wait draws on
// it, and the worst case of all of them together still leaves time to answer.
import { expect } from "chai";
import { cancelOrderCallable, CANCEL_TIMEOUT_SECONDS } from "../../src/api/cancelOrder";
import { holdStock, HOLD_TIMEOUT_SECONDS } from "../../src/api/holds";
import { placeOrder, PLACE_ORDER_TIMEOUT_SECONDS } from "../../src/api/placeOrder";
import { HAND_OFF_AFTER_MS, LEASE_MS, LEASE_RETRY_MS, POLL_MS } from "../../src/allocator/timing";
import { ANSWER_RESERVE_MS, callBudget, remainingMs, SHORT_WAIT_MS, WITHDRAW_MS, WITHDRAW_RESERVE_MS } from "../../src/budget";

const callables = [
  { name: "placeOrder", fn: placeOrder, timeoutSeconds: PLACE_ORDER_TIMEOUT_SECONDS },
  { name: "holdStock", fn: holdStock, timeoutSeconds: HOLD_TIMEOUT_SECONDS },
  { name: "cancelOrder", fn: cancelOrderCallable, timeoutSeconds: CANCEL_TIMEOUT_SECONDS },
];

describe("the per-call time budget", function () {
  it("is counted from the timeout each callable declares", function () {
    for (const { name, fn, timeoutSeconds } of callables) {
      expect((fn as unknown as { __endpoint: { timeoutSeconds?: unknown } }).__endpoint.timeoutSeconds, name).to.equal(timeoutSeconds);
    }
  });

  it("fits the worst case of every wait inside the timeout, with time left to answer", function () {
    for (const { name, timeoutSeconds } of callables) {
      const budget = callBudget(timeoutSeconds, () => 0);
      // The rate limit's transaction: at most SHORT_WAIT_MS, and never past the decision deadline.
      const rateLimitEnds = Math.min(SHORT_WAIT_MS, remainingMs(budget));
      // The allocation (direct or queued) waits until decideBy at the latest, from wherever the
      // rate limit left off; then taking the request back, then a decision that beat it.
      const allocationEnds = Math.max(rateLimitEnds, budget.decideBy);
      const withdrawalEnds = allocationEnds + WITHDRAW_MS;
      const lateOutcomeEnds = Math.max(withdrawalEnds, budget.answerBy);
      expect(rateLimitEnds, name).to.be.at.most(budget.decideBy);
      expect(withdrawalEnds, name).to.be.at.most(budget.answerBy);
      expect(lateOutcomeEnds + ANSWER_RESERVE_MS, name).to.be.at.most(timeoutSeconds * 1000);
      expect(budget.decideBy, `${name} leaves most of its time to deciding`).to.be.at.least(timeoutSeconds * 1000 - ANSWER_RESERVE_MS - WITHDRAW_RESERVE_MS);
    }
  });

  it("fits the combining protocol's waits inside the time to decide", function () {
    for (const { name, timeoutSeconds } of callables) {
      const budget = callBudget(timeoutSeconds, () => 0);
      const decideMs = budget.decideBy - budget.startedAt;
      // A waiter whose leader crashed takes the lease over (its expiry, then its next try at
      // the lease) with at least half of its time to decide still left, for the batch.
      expect(LEASE_MS + LEASE_RETRY_MS, name).to.be.at.most(decideMs / 2);
      // A leader hands off long before its lease needs renewing, and a waiter checks on its
      // outcome more often than it tries the lease.
      expect(HAND_OFF_AFTER_MS).to.be.below(LEASE_MS / 2);
      expect(POLL_MS).to.be.at.most(LEASE_RETRY_MS);
    }
  });

  it("refuses a timeout too short to decide anything", function () {
    expect(() => callBudget(10, () => 0)).to.throw(/no time to decide/);
    expect(WITHDRAW_MS).to.be.lessThan(WITHDRAW_RESERVE_MS);
  });

  it("counts what is left by its own clock", function () {
    let now = 1000;
    const budget = callBudget(60, () => now);
    expect(remainingMs(budget)).to.equal(budget.decideBy - 1000);
    now = budget.decideBy + 5;
    expect(remainingMs(budget)).to.equal(0);
    expect(remainingMs(budget, budget.answerBy)).to.equal(budget.answerBy - now);
  });
});
