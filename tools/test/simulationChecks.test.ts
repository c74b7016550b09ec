import { expect } from "chai";
import type { Attempt } from "../load/loadRunner";
import { checkEmails, checkHoldStates, checkInvalid, checkReplays, invalidOrderId } from "../simulate/checks";
import type { SimulationJob } from "../simulate/plan";

const buyers = [
  { uid: "u0", email: "zero@buyers.test" },
  { uid: "u1", email: "one@buyers.test" },
];

function attempt(job: Partial<SimulationJob>, outcome: Partial<Attempt>): Attempt {
  const fullJob: SimulationJob = { kind: "single", buyer: 0, requestId: "request-1", items: [{ productId: "p", quantity: 1 }], ...job };
  return { job: fullJob, worker: 0, startedAt: 0, endedAt: 1, latencyMs: 1, ok: false, ...outcome };
}

const confirmed = (orderId: string, job: Partial<SimulationJob> = {}) =>
  attempt(job, {
    ok: true,
    orderId,
    response: { orderId, reference: orderId.slice(0, 8), status: "confirmed", items: [{ productId: "p", name: "P", quantity: 1, unitPrice: 100 }], total: 100, currency: "EUR" },
  });

describe("simulation checks", function () {
  describe("replays", function () {
    it("pass when every send of a request got the same order", function () {
      expect(checkReplays([confirmed("o1"), confirmed("o1", { kind: "replay" })]).ok).to.equal(true);
    });

    it("fail when a replay got another order or another answer", function () {
      expect(checkReplays([confirmed("o1"), confirmed("o2", { kind: "replay" })]).ok).to.equal(false);
      const refused = attempt({ kind: "replay" }, { code: "functions/failed-precondition", reason: "insufficient-stock" });
      expect(checkReplays([confirmed("o1"), refused]).ok).to.equal(false);
    });

    it("let a request refused for a cap on holds get another answer when sent again (the cap frees as holds end)", function () {
      const capped = attempt({ hold: "pay" }, { code: "functions/resource-exhausted", reason: "hold-limit" });
      const soldOut = attempt({ hold: "pay", kind: "replay" }, { code: "functions/failed-precondition", reason: "insufficient-stock" });
      expect(checkReplays([capped, soldOut]).ok).to.equal(true);
      expect(checkReplays([capped, confirmed("o1", { hold: "pay", kind: "replay" })]).ok).to.equal(true);
      // Still one order, once one was placed.
      expect(checkReplays([capped, confirmed("o1", { hold: "pay", kind: "replay" }), confirmed("o2", { hold: "pay", kind: "replay" })]).ok).to.equal(false);
    });

    it("do not mix up two buyers who picked the same requestId", function () {
      expect(checkReplays([confirmed("o1"), confirmed("o2", { buyer: 1 })]).ok).to.equal(true);
    });
  });

  describe("invalid requests", function () {
    const invalid = (outcome: Partial<Attempt>) =>
      attempt({ kind: "invalid", flaw: "zero quantity", payload: { items: [{ productId: "p", quantity: 0 }], requestId: "bad-request-1" } }, outcome);

    it("pass when refused with invalid-argument and nothing written", function () {
      expect(checkInvalid([invalid({ code: "functions/invalid-argument" })], buyers, new Set()).ok).to.equal(true);
    });

    it("fail when accepted, refused with another code, or an order exists under its id", function () {
      expect(checkInvalid([invalid({ ok: true })], buyers, new Set()).ok).to.equal(false);
      expect(checkInvalid([invalid({ code: "functions/internal" })], buyers, new Set()).ok).to.equal(false);
      const refused = invalid({ code: "functions/invalid-argument" });
      expect(checkInvalid([refused], buyers, new Set([invalidOrderId(refused, buyers)!])).ok).to.equal(false);
    });
  });

  describe("emails", function () {
    const attempts = [confirmed("o1"), confirmed("o2", { buyer: 1, requestId: "request-2" })];

    it("pass with exactly one email per order to its buyer", function () {
      const mails = [
        { to: ["zero@buyers.test"], orderId: "o1" },
        { to: ["one@buyers.test"], orderId: "o2" },
        { to: ["someone@else.test"], orderId: "unrelated" },
      ];
      expect(checkEmails(mails, attempts, buyers).ok).to.equal(true);
    });

    it("fail on a missing, duplicate, misaddressed or stray email", function () {
      const one = { to: ["zero@buyers.test"], orderId: "o1" };
      const two = { to: ["one@buyers.test"], orderId: "o2" };
      expect(checkEmails([one], attempts, buyers).ok, "missing").to.equal(false);
      expect(checkEmails([one, one, two], attempts, buyers).ok, "duplicate").to.equal(false);
      expect(checkEmails([one, { ...two, to: ["zero@buyers.test"] }], attempts, buyers).ok, "misaddressed").to.equal(false);
      expect(checkEmails([one, two, { to: ["one@buyers.test"], orderId: "refused-order" }], attempts, buyers).ok, "stray").to.equal(false);
    });
  });
});

describe("hold checks", function () {
  it("pass when each hold became one order or none and nothing is left held", function () {
    const checks = checkHoldStates(
      [
        { holdId: "a", status: "converted", orders: 1 },
        { holdId: "b", status: "expired", orders: 0 },
        { holdId: "c", status: "released", orders: 0 },
      ],
      new Map([["p", 0]]),
    );
    expect(checks.map((c) => c.ok)).to.deep.equal([true, true]);
  });

  it("fail on a hold that both expired and was sold, a converted hold without its order, or units left held", function () {
    expect(checkHoldStates([{ holdId: "a", status: "expired", orders: 1 }], new Map())[0]!.ok).to.equal(false);
    expect(checkHoldStates([{ holdId: "a", status: "converted", orders: 0 }], new Map())[0]!.ok).to.equal(false);
    expect(checkHoldStates([{ holdId: "a", status: "active", orders: 0 }], new Map())[1]!.ok).to.equal(false);
    expect(checkHoldStates([], new Map([["p", 2]]))[1]!.ok).to.equal(false);
  });
});
