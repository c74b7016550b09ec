import { expect } from "chai";
import { customerKey, limitedPurchases, planAllocation, type HeldOrder, type AllocationRequest } from "../../src/allocator/allocationPlan";
import type { ProductRead } from "../../src/stock/readProduct";

const product = (quantity: number, maxPerCustomer?: number): ProductRead => ({
  ok: true,
  product: { name: "P", price: 100, currency: "EUR", quantity, status: "in_stock", ...(maxPerCustomer ? { maxPerCustomer } : {}) },
});
const request = (orderId: string, uid: string, quantity: number, productId = "p"): AllocationRequest => ({
  kind: "order",
  id: orderId,
  uid,
  email: `${uid}@x.test`,
  requestId: `req-${orderId}`,
  items: [{ productId, quantity }],
});

describe("allocation plan", function () {
  it("refuses for stock only when the stock left at its turn can't cover it", function () {
    const plan = planAllocation([request("a", "u1", 2), request("b", "u2", 2), request("c", "u3", 1)], new Map([["p", product(3)]]), new Map());
    expect(plan.decisions.map((d) => d.kind)).to.deep.equal(["confirmed", "refused", "confirmed"]);
    expect(plan.quantities.get("p")).to.equal(0);
  });

  it("applies maxPerCustomer across earlier orders and within the batch", function () {
    const products = new Map([["p", product(100, 3)]]);
    const before = new Map([[customerKey("p", "u1"), 1]]);
    const plan = planAllocation([request("a", "u1", 1), request("b", "u1", 2), request("c", "u2", 3)], products, new Map(), before);
    expect(plan.decisions.map((d) => d.kind)).to.deep.equal(["confirmed", "refused", "confirmed"]);
    const refusal = plan.decisions[1];
    expect(refusal?.kind === "refused" && refusal.refusal).to.include({ reason: "per-customer-limit", alreadyBought: 2, canBuy: 1 });
    expect(plan.bought.get(customerKey("p", "u1"))).to.deep.equal({ productId: "p", uid: "u1", bought: 2 });
    expect(plan.bought.get(customerKey("p", "u2"))).to.deep.equal({ productId: "p", uid: "u2", bought: 3 });
    expect(plan.quantities.get("p")).to.equal(96);
  });

  it("lists the buyer/product counters a batch must read, each once, only for limited products", function () {
    const products = new Map([
      ["p", product(100, 3)],
      ["q", product(100)],
    ]);
    const pairs = limitedPurchases([request("a", "u1", 1), request("b", "u1", 1), request("c", "u2", 1, "q")], products);
    expect(pairs).to.deep.equal([{ key: customerKey("p", "u1"), productId: "p", uid: "u1" }]);
  });

  it("does not count units of unlimited products", function () {
    const plan = planAllocation([request("a", "u1", 5)], new Map([["p", product(10)]]), new Map());
    expect(plan.bought.size).to.equal(0);
  });
});

describe("allocation plan: checkout holds", function () {
  const now = 1_000_000;
  const held = (status: "active" | "released" | "expired" | "converted", expiresAtMs = now + 60_000): HeldOrder => ({
    uid: "u1",
    email: "u1@shop.test",
    status,
    expiresAtMs,
    items: [{ productId: "p", name: "P", quantity: 2, unitPrice: 100 }],
    total: 200,
    currency: "EUR",
  });
  const convert = (holdId: string, uid = "u1"): AllocationRequest => ({ ...request("o-" + holdId, uid, 2), kind: "from-hold", holdId });

  it("turns a live hold into its order without taking stock, even when none is left", function () {
    const plan = planAllocation([convert("h1")], new Map([["p", product(0)]]), new Map(), new Map(), new Map([["h1", held("active")]]), now);
    const [decision] = plan.decisions;
    expect(decision?.kind).to.equal("confirmed");
    expect(decision?.kind === "confirmed" && [decision.request.kind === "from-hold" && decision.request.holdId, decision.order.holdId, decision.order.total]).to.deep.equal(["h1", "h1", 200]);
    expect(plan.quantities.get("p")).to.equal(0);
  });

  it("refuses a hold that ended, timed out, or is someone else's", function () {
    const holds = new Map([
      ["gone", held("released")],
      ["late", held("active", now - 1)],
      ["done", held("expired")],
    ]);
    const plan = planAllocation([convert("gone"), convert("late"), convert("done"), convert("late", "u2"), convert("missing")], new Map([["p", product(5)]]), new Map(), new Map(), holds, now);
    expect(plan.decisions.map((d) => (d.kind === "refused" ? `${d.refusal.reason}${"state" in d.refusal ? `:${d.refusal.state}` : ""}` : d.kind))).to.deep.equal([
      "hold-expired:released",
      "hold-expired:expired",
      "hold-expired:expired",
      "hold-not-found",
      "hold-not-found",
    ]);
  });

  it("sells to a plain order only what the hold left", function () {
    const hold: AllocationRequest = { ...request("h2", "u1", 3), kind: "hold", expiresAtMs: now + 600_000 };
    const plan = planAllocation([hold, request("a", "u2", 3)], new Map([["p", product(5)]]), new Map());
    expect(plan.decisions.map((d) => (d.kind === "refused" ? d.refusal.reason : d.kind))).to.deep.equal(["confirmed", "insufficient-stock"]);
    expect(plan.quantities.get("p")).to.equal(2);
  });
});
