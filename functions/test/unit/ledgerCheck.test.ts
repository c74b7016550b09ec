import { expect } from "chai";
import { checkHistory } from "../../src/stock/ledgerCheck";
import type { StockMovement } from "../../src/stock/stockLedger";

const move = (cause: StockMovement["cause"], before: number, after: number): StockMovement => ({
  productId: "p",
  cause,
  delta: after - before,
  quantityBefore: before,
  quantityAfter: after,
});

describe("ledger check", function () {
  it("accepts an unbroken history that ends at the current stock", function () {
    const report = checkHistory("p", 9, [move("create", 0, 10), move("order", 10, 4), move("restock", 4, 12), move("cancel", 12, 13), move("adjustment", 13, 9)]);
    expect(report).to.include({ ok: true, derived: 9, movements: 5 });
  });

  it("reports a change made outside the backend", function () {
    const report = checkHistory("p", 12, [move("create", 0, 10), move("restock", 15, 20), move("order", 20, 12)]);
    expect(report.ok).to.equal(false);
    expect(report.problems.join()).to.contain("from 10 to 15 outside the backend");
  });

  it("reports a history that doesn't end at the product's stock", function () {
    expect(checkHistory("p", 7, [move("create", 0, 10), move("order", 10, 8)]).problems.join()).to.contain("ends at 8");
  });

  it("reports a movement whose delta doesn't match its before/after", function () {
    expect(checkHistory("p", 5, [{ ...move("create", 0, 5), delta: 4 }]).ok).to.equal(false);
  });
});

describe("ledger check per bucket", function () {
  const step = (cause: StockMovement["cause"], before: [number, number, number], after: [number, number, number]): StockMovement => {
    const b = { onHand: before[0], committed: before[1], held: before[2] };
    const a = { onHand: after[0], committed: after[1], held: after[2] };
    const qb = b.onHand - b.committed - b.held;
    const qa = a.onHand - a.committed - a.held;
    return { productId: "p", cause, delta: qa - qb, quantityBefore: qb, quantityAfter: qa, before: b, after: a };
  };

  it("accepts buckets that chain and end at the product's", function () {
    const history = [move("create", 0, 10), step("order", [10, 0, 0], [10, 3, 0]), step("fulfil", [10, 3, 0], [8, 1, 0]), step("hold", [8, 1, 0], [8, 1, 2])];
    expect(checkHistory("p", 5, history, { default: { onHand: 8, committed: 1, held: 2 } })).to.include({ ok: true });
  });

  it("reports a bucket that moved outside the backend even when quantity chains", function () {
    // Committed and on hand both lost 2 units with no movement: quantity never noticed.
    const history = [step("order", [10, 0, 0], [10, 3, 0]), step("hold", [8, 1, 0], [8, 1, 2])];
    const report = checkHistory("p", 5, history, { default: { onHand: 8, committed: 1, held: 2 } });
    expect(report.ok).to.equal(false);
    expect(report.problems.join()).to.contain("onHand went from 10 to 8").and.contain("committed went from 3 to 1");
  });

  it("reports a bucket whose history doesn't end at the product's", function () {
    const report = checkHistory("p", 7, [step("order", [10, 0, 0], [10, 3, 0])], { default: { onHand: 10, committed: 2, held: 1 } });
    expect(report.problems.join()).to.contain("committed history ends at 3, the product says 2");
  });
});

describe("ledger check per location", function () {
  const at = (locationId: string, cause: StockMovement["cause"], before: [number, number, number], after: [number, number, number], quantity: [number, number]): StockMovement => ({
    productId: "p",
    cause,
    locationId,
    delta: quantity[1] - quantity[0],
    quantityBefore: quantity[0],
    quantityAfter: quantity[1],
    before: { onHand: before[0], committed: before[1], held: before[2] },
    after: { onHand: after[0], committed: after[1], held: after[2] },
  });

  it("chains each location's buckets on their own, and a transfer moves units between them", function () {
    const history = [at("a", "create", [0, 0, 0], [10, 0, 0], [0, 10]), at("a", "transfer-out", [10, 0, 0], [6, 0, 0], [10, 6]), at("b", "transfer-in", [0, 0, 0], [4, 0, 0], [6, 10]), at("b", "order", [4, 0, 0], [4, 3, 0], [10, 7])];
    const report = checkHistory("p", 7, history, { a: { onHand: 6, committed: 0, held: 0 }, b: { onHand: 4, committed: 3, held: 0 } });
    expect(report.problems).to.deep.equal([]);
  });

  it("names the location whose bucket moved outside the backend", function () {
    const history = [at("a", "create", [0, 0, 0], [10, 0, 0], [0, 10]), at("b", "restock", [0, 0, 0], [5, 0, 0], [10, 15])];
    const report = checkHistory("p", 15, history, { a: { onHand: 10, committed: 0, held: 0 }, b: { onHand: 7, committed: 0, held: 0 } });
    expect(report.problems).to.deep.equal(["onHand at b history ends at 5, the product says 7"]);
    const stray = checkHistory("p", 15, history, { a: { onHand: 10, committed: 0, held: 0 }, b: { onHand: 5, committed: 0, held: 0 }, c: { onHand: 2, committed: 0, held: 0 } });
    expect(stray.problems).to.deep.equal(["onHand at c is 2 with no movement recording it"]);
  });
});

