import { expect } from "chai";
import { sweepGroups } from "../../src/orders/holdLifecycle";

describe("hold sweep groups", function () {
  it("ends holds that share a product or a buyer in one group, run commit after commit", function () {
    const groups = sweepGroups([
      { holdId: "h1", uid: "ann", productIds: ["mug"] },
      { holdId: "h2", uid: "bob", productIds: ["mug", "cap"] },
      { holdId: "h3", uid: "cat", productIds: ["cap"] },
      // Another product, but ann's: her record is written by both.
      { holdId: "h4", uid: "ann", productIds: ["lamp"] },
      { holdId: "h5", uid: "dan", productIds: ["kettle"] },
    ]);
    expect(groups.map((group) => group.flat().sort())).to.deep.equal([["h1", "h2", "h3", "h4"], ["h5"]]);
  });

  it("fills a commit only as far as a write batch allows, and keeps a product's holds in one group", function () {
    const due = Array.from({ length: 200 }, (_, i) => ({ holdId: `h${i}`, uid: `u${i}`, productIds: ["hot"] }));
    const [group, ...others] = sweepGroups(due);
    expect(others).to.deep.equal([]);
    expect(group!.flat()).to.have.length(200);
    // 5 writes per one-line hold (hold, buyer, stock, movement, counter) within 450.
    for (const commit of group!) expect(commit.length).to.be.at.most(90);
    expect(group!.length).to.equal(3);
    const wide = sweepGroups([{ holdId: "w", uid: "u", productIds: Array.from({ length: 20 }, (_, i) => `p${i}`) }]);
    expect(wide).to.deep.equal([[["w"]]]);
  });
});
