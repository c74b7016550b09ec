import { expect } from "chai";
import { knownHot, markHot } from "../../src/allocator/hotProducts";

describe("hot products (per-instance hint)", function () {
  it("knows a product is hot until the time it was marked for", function () {
    const now = Date.now();
    markHot("hp-a", now + 1000);
    expect(knownHot(["hp-a"], now)).to.equal("hp-a");
    expect(knownHot(["hp-a"], now + 1000)).to.equal(undefined);
  });

  it("ignores marks in the past and keeps the later of two marks", function () {
    const now = Date.now();
    markHot("hp-b", now - 1);
    expect(knownHot(["hp-b"], now)).to.equal(undefined);
    markHot("hp-c", now + 5000);
    markHot("hp-c", now + 100);
    expect(knownHot(["hp-c"], now + 1000)).to.equal("hp-c");
  });

  it("names the first hot product of an order by id", function () {
    const now = Date.now();
    markHot("hp-z", now + 1000);
    markHot("hp-m", now + 1000);
    expect(knownHot(["hp-z", "hp-cold", "hp-m"], now)).to.equal("hp-m");
    expect(knownHot(["hp-cold"], now)).to.equal(undefined);
  });
});
