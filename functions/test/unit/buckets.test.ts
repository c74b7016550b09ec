import { expect } from "chai";
import { availableAt, bucketsOf, moveBuckets, placeUnits, quantityOf, stockFields, stockOf, type LocationStock, type Placement } from "../../src/stock/buckets";

describe("stock buckets", function () {
  it("derives what is available: each location's on hand beyond committed and held, summed, less safety stock, never below zero", function () {
    expect(availableAt({ onHand: 10, committed: 3, held: 2 })).to.equal(5);
    expect(quantityOf({ default: { onHand: 10, committed: 3, held: 2 } }, 4)).to.equal(1);
    expect(quantityOf({ default: { onHand: 4, committed: 3, held: 2 } })).to.equal(0);
    // A shortfall at one location never takes units promised at another.
    expect(quantityOf({ a: { onHand: 4, committed: 6, held: 0 }, b: { onHand: 5, committed: 1, held: 0 } })).to.equal(4);
  });

  it("reads a product from before buckets as on hand = quantity + held at the default location, nothing committed", function () {
    expect(bucketsOf({ quantity: 7, held: 2 })).to.deep.equal({ onHand: 9, committed: 0, held: 2 });
    expect(stockOf({ quantity: 7 })).to.deep.equal({ default: { onHand: 7, committed: 0, held: 0 } });
  });

  it("keeps a stored on hand that agrees with quantity, and a shortfall a stock-take accepted", function () {
    expect(bucketsOf({ quantity: 5, held: 2, committed: 3, onHand: 10 })).to.deep.equal({ onHand: 10, committed: 3, held: 2 });
    expect(bucketsOf({ quantity: 0, held: 2, committed: 3, onHand: 4 })).to.deep.equal({ onHand: 4, committed: 3, held: 2 });
    expect(bucketsOf({ quantity: 1, committed: 3, onHand: 10, safetyStock: 6 })).to.deep.equal({ onHand: 10, committed: 3, held: 0 });
    const locations = { a: { onHand: 3, committed: 1, held: 0 }, b: { onHand: 4, committed: 0, held: 2 } };
    expect(stockOf({ quantity: 4, locations })).to.deep.equal(locations);
  });

  it("takes a quantity typed into the console as the truth: the default location's on hand follows it", function () {
    expect(bucketsOf({ quantity: 50, held: 2, committed: 3, onHand: 10 })).to.deep.equal({ onHand: 55, committed: 3, held: 2 });
    expect(stockOf({ quantity: 9, locations: { b: { onHand: 4, committed: 0, held: 0 }, a: { onHand: 3, committed: 0, held: 0 } } }).a).to.deep.equal({ onHand: 5, committed: 0, held: 0 });
  });

  it("moves buckets without going below zero, and writes quantity, status, low stock and every location with them", function () {
    const after = moveBuckets({ onHand: 10, committed: 3, held: 2 }, { committed: -3, onHand: -3 });
    expect(after).to.deep.equal({ onHand: 7, committed: 0, held: 2 });
    expect(moveBuckets(after, { held: -5 }).held).to.equal(0);
    expect(stockFields({ default: { onHand: 5, committed: 5, held: 0 } })).to.deep.equal({ quantity: 0, status: "out_of_stock", lowStock: false, lowStockAt: [], onHand: 5, committed: 5, held: 0, locations: { default: { onHand: 5, committed: 5, held: 0 } } });
    // Each location against its own reorder point (one it has no stock at is low at once).
    const spread = { a: { onHand: 9, committed: 2, held: 0 }, b: { onHand: 3, committed: 0, held: 1 } };
    expect(stockFields(spread, { locationReorderPoints: { a: 7, b: 2, c: 0 } }).lowStockAt).to.deep.equal(["a", "b", "c"]);
    expect(stockFields(spread, { locationReorderPoints: { a: 6, b: 1 } }).lowStockAt).to.deep.equal([]);
    expect(stockFields({ a: { onHand: 9, committed: 2, held: 0 }, b: { onHand: 1, committed: 0, held: 1 } }, { safetyStock: 1, reorderPoint: 6 })).to.include({ quantity: 6, lowStock: true, onHand: 10, held: 1 });
  });
});

describe("placing units over locations", function () {
  const stock: LocationStock = { east: { onHand: 5, committed: 1, held: 0 }, west: { onHand: 10, committed: 0, held: 2 }, empty: { onHand: 2, committed: 2, held: 0 } };
  const byPriority: Placement = { strategy: "priority", priorities: new Map([["west", 1], ["east", 2]]) };
  const byAvailable: Placement = { strategy: "most-available", priorities: new Map() };

  it("takes from the locations in priority order, splitting a line when one can't give it all", function () {
    expect(placeUnits(stock, 3, byPriority)).to.deep.equal([{ locationId: "west", quantity: 3 }]);
    expect(placeUnits(stock, 10, byPriority)).to.deep.equal([{ locationId: "west", quantity: 8 }, { locationId: "east", quantity: 2 }]);
  });

  it("takes from the location with most available first under most-available", function () {
    expect(placeUnits({ ...stock, west: { onHand: 3, committed: 0, held: 0 } }, 2, byAvailable)).to.deep.equal([{ locationId: "east", quantity: 2 }]);
  });

  it("never takes units promised at a location, and gives nothing rather than part", function () {
    expect(placeUnits(stock, 12, byPriority)).to.deep.equal([{ locationId: "west", quantity: 8 }, { locationId: "east", quantity: 4 }]);
    expect(placeUnits(stock, 13, byPriority)).to.equal(undefined);
  });

  it("never places more than a location can give, for every split of every stock (exhaustive, small)", function () {
    for (let a = 0; a <= 4; a++)
      for (let b = 0; b <= 4; b++)
        for (let promised = 0; promised <= 2; promised++)
          for (let units = 1; units <= 8; units++)
            for (const placement of [byPriority, byAvailable]) {
              const shelves: LocationStock = { east: { onHand: a, committed: promised, held: 0 }, west: { onHand: b, committed: 0, held: promised } };
              const placed = placeUnits(shelves, units, placement);
              const total = availableAt(shelves.east!) + availableAt(shelves.west!);
              if (units > total) expect(placed).to.equal(undefined);
              else {
                expect(placed?.reduce((sum, p) => sum + p.quantity, 0)).to.equal(units);
                for (const p of placed ?? []) expect(p.quantity).to.be.within(1, availableAt(shelves[p.locationId]!));
              }
            }
  });
});
