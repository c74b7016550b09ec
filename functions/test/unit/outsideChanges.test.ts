import { expect } from "chai";
import { changedOutside } from "../../src/inventory/outsideChanges";

describe("product writes from outside the backend", function () {
  const product = { name: "Mug", price: 1250, currency: "EUR", quantity: 5, revision: 3, eventSequence: 2 };

  it("a backend write moves the revision: not outside", function () {
    expect(changedOutside(product, { ...product, quantity: 4, revision: 4 })).to.equal(false);
  });

  it("a console edit leaves the revision as it was: outside", function () {
    expect(changedOutside(product, { ...product, quantity: 50 })).to.equal(true);
    expect(changedOutside(product, { ...product, price: 999 })).to.equal(true);
  });

  it("a product created without a revision, or deleted, came from outside; one created by the backend did not", function () {
    expect(changedOutside(undefined, { name: "Mug", quantity: 5 })).to.equal(true);
    expect(changedOutside(undefined, { ...product, revision: 1 })).to.equal(false);
    expect(changedOutside(product, undefined)).to.equal(true);
  });

  it("the backend's own bookkeeping alone is not news (the trigger's own write of the event's sequence)", function () {
    expect(changedOutside(product, { ...product, eventSequence: 3, lastOutsideChange: "e1" })).to.equal(false);
  });
});

describe("product writes from outside the backend: revisions", function () {
  it("a write that drops or lowers the revision is outside, whatever else it keeps", function () {
    const product = { name: "Mug", quantity: 5, revision: 3, eventSequence: 2 };
    const { revision, ...dropped } = product;
    expect(revision).to.equal(3);
    expect(changedOutside(product, dropped)).to.equal(true);
    expect(changedOutside(product, { ...product, revision: 1 })).to.equal(true);
  });
});
