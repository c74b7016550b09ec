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
