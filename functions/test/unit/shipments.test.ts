import { expect } from "chai";
import fc from "fast-check";
import { openCommitments, shipsFromOf, unshippedLines } from "../../src/model/shipments";
import type { Allocation } from "../../src/model/allocations";

const line = (productId: string, quantity: number) => ({ productId, name: productId, unitPrice: 100, quantity });

describe("what of an order is left to ship, and from where", function () {
  const order = (allocations: Allocation[] | undefined, shipped: Record<string, number> = {}, releasedAt?: Record<string, Record<string, number>>) => ({
    items: [line("mug", 3), line("pot", 1)],
    ...(allocations ? { allocations } : {}),
    fulfilment: { shipped, shipments: Object.keys(shipped).length, ...(releasedAt ? { releasedAt } : {}) },
  });

  it("names every location with units to ship, and none once everything shipped", function () {
    const split = [
      { productId: "mug", locationId: "north", quantity: 2 },
      { productId: "mug", locationId: "south", quantity: 1 },
      { productId: "pot", locationId: "south", quantity: 1 },
    ];
    expect(shipsFromOf(order(split))).to.deep.equal(["north", "south"]);
    expect(shipsFromOf(order(split, { mug: 2 }, { mug: { north: 2 } }))).to.deep.equal(["south"]);
    expect(shipsFromOf(order(split, { mug: 3, pot: 1 }, { mug: { north: 2, south: 1 }, pot: { south: 1 } }))).to.deep.equal([]);
    // Orders from before locations: everything at the default location.
    expect(shipsFromOf(order(undefined))).to.deep.equal(["default"]);
    expect(shipsFromOf(order(undefined, { mug: 3, pot: 1 }))).to.deep.equal([]);
    // The mugs shipped before the order was counted in committed stock (no release recorded),
    // the pot after: nothing is left anywhere.
    expect(shipsFromOf(order(undefined, { mug: 3, pot: 1 }, { pot: { default: 1 } }))).to.deep.equal([]);
    expect(openCommitments(order(undefined, { mug: 3, pot: 1 }, { pot: { default: 1 } }), "mug").size).to.equal(0);
    // As earlier shipments of such orders recorded it: an empty release for the mugs.
    expect(shipsFromOf(order(undefined, { mug: 3, pot: 1 }, { mug: {}, pot: { default: 1 } }))).to.deep.equal([]);
  });

  it("agrees with what is unshipped: a location is named exactly when units remain committed there", function () {
    const locations = fc.constantFrom("default", "north", "south");
    fc.assert(
      fc.property(fc.array(fc.record({ locationId: locations, mug: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 12 }), (parts, shipNow) => {
        const allocations = parts.filter((part) => part.mug > 0).map((part) => ({ productId: "mug", locationId: part.locationId, quantity: part.mug }));
        const units = allocations.reduce((sum, a) => sum + a.quantity, 0);
        fc.pre(units > 0);
        const doc = { items: [line("mug", units)], allocations, fulfilment: { shipped: { mug: Math.min(shipNow, units) }, shipments: 1 } };
        const left = unshippedLines(doc)[0]?.quantity ?? 0;
        const open = openCommitments(doc, "mug");
        expect([...open.values()].reduce((sum, n) => sum + n, 0)).to.equal(left);
        expect(shipsFromOf(doc)).to.deep.equal([...open.keys()].sort());
        expect(shipsFromOf(doc).length === 0).to.equal(left === 0);
      }),
    );
  });
});
