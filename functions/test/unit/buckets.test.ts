import { expect } from "chai";
import { availableOf, bucketsOf, moveBuckets, stockFields } from "../../src/stock/buckets";

describe("stock buckets", function () {
  it("derives what is available: on hand less committed, held and safety stock, never below zero", function () {
    expect(availableOf({ onHand: 10, committed: 3, held: 2 })).to.equal(5);
    expect(availableOf({ onHand: 10, committed: 3, held: 2 }, 4)).to.equal(1);
    expect(availableOf({ onHand: 4, committed: 3, held: 2 })).to.equal(0);
  });

  it("reads a product from before buckets as on hand = quantity + held, nothing committed", function () {
    expect(bucketsOf({ quantity: 7, held: 2 })).to.deep.equal({ onHand: 9, committed: 0, held: 2 });
    expect(bucketsOf({ quantity: 7 })).to.deep.equal({ onHand: 7, committed: 0, held: 0 });
  });

  it("keeps a stored on hand that agrees with quantity, and a shortfall a stock-take accepted", function () {
    expect(bucketsOf({ quantity: 5, held: 2, committed: 3, onHand: 10 })).to.deep.equal({ onHand: 10, committed: 3, held: 2 });
    expect(bucketsOf({ quantity: 0, held: 2, committed: 3, onHand: 4 })).to.deep.equal({ onHand: 4, committed: 3, held: 2 });
    expect(bucketsOf({ quantity: 1, committed: 3, onHand: 10, safetyStock: 6 })).to.deep.equal({ onHand: 10, committed: 3, held: 0 });
  });

  it("takes a quantity typed into the console as the truth: on hand follows it", function () {
    expect(bucketsOf({ quantity: 50, held: 2, committed: 3, onHand: 10 })).to.deep.equal({ onHand: 55, committed: 3, held: 2 });
  });

  it("moves buckets without going below zero, and writes quantity and status with them", function () {
    const after = moveBuckets({ onHand: 10, committed: 3, held: 2 }, { committed: -3, onHand: -3 });
    expect(after).to.deep.equal({ onHand: 7, committed: 0, held: 2 });
    expect(moveBuckets(after, { held: -5 }).held).to.equal(0);
    expect(stockFields({ onHand: 5, committed: 5, held: 0 })).to.deep.equal({ quantity: 0, status: "out_of_stock", lowStock: false, onHand: 5, committed: 5, held: 0 });
    expect(stockFields({ onHand: 9, committed: 2, held: 0 }, { safetyStock: 1, reorderPoint: 6 })).to.include({ quantity: 6, lowStock: true });
  });
});
