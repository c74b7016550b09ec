// The stock alerts' state machine, through every sequence of available counts up to six steps:
// each alert fires exactly once per crossing of its line, never again until available has
// risen above the line plus the margin, and always at the first step at its line once re-armed.
import { expect } from "chai";
import { nextAlerts, type AlertCrossing, type AlertState } from "../../src/model/stockAlerts";

function* sequences(values: number[], length: number): Generator<number[]> {
  if (length === 0) {
    yield [];
    return;
  }
  for (const head of values) for (const tail of sequences(values, length - 1)) yield [head, ...tail];
}

function run(availables: number[], reorderPoint: number | undefined, margin: number): AlertCrossing[][] {
  let state: AlertState = {};
  return availables.map((available) => {
    const next = nextAlerts(state, { available, ...(reorderPoint !== undefined ? { reorderPoint } : {}), margin });
    state = next.state;
    return next.crossings;
  });
}

describe("stock alerts", function () {
  it("a flash sale: low stock once, out of stock once, back in stock once after a restock", function () {
    const steps = run([10, 9, 8, 5, 4, 3, 4, 3, 2, 1, 0, 1, 0, 12], 5, 2);
    expect(steps.flatMap((crossings, step) => crossings.map((c) => `${step} ${c}`))).to.deep.equal(["3 low_stock", "10 out_of_stock", "13 back_in_stock"]);
  });

  it("holds at the edge of the line never make it flap: re-armed only above the line plus the margin", function () {
    expect(run([6, 5, 6, 5, 7, 5, 8, 5], 5, 2).flat()).to.deep.equal(["low_stock", "low_stock"]);
    expect(run([1, 0, 1, 0, 2, 0, 3, 0], undefined, 2).flat()).to.deep.equal(["out_of_stock", "back_in_stock", "out_of_stock"]);
  });

  it("through every sequence of up to 6 counts, each line and margin: once per crossing, never missed", function () {
    this.timeout(60_000);
    let checked = 0;
    for (const margin of [0, 1, 2]) {
      for (const reorderPoint of [undefined, 0, 1, 3]) {
        for (let length = 1; length <= 6; length++) {
          for (const availables of sequences([0, 1, 2, 4], length)) {
            const steps = run(availables, reorderPoint, margin);
            let lowArmed = true;
            let outArmed = true;
            availables.forEach((available, step) => {
              const crossings = steps[step] ?? [];
              const where = () => `${JSON.stringify(availables)} point ${reorderPoint} margin ${margin} step ${step}`;
              const same = (actual: unknown, expected: unknown) => {
                if (actual !== expected) expect(actual, where()).to.equal(expected);
              };
              // Low stock: fires exactly when armed and at or below the line; re-arms above line + margin.
              const low = reorderPoint !== undefined && lowArmed && available <= reorderPoint;
              same(crossings.includes("low_stock"), low);
              if (reorderPoint === undefined) lowArmed = true;
              else if (low) lowArmed = false;
              else if (available > reorderPoint + margin) lowArmed = true;
              // Out of stock at 0 when armed; back in stock (and re-armed) above the margin.
              const out = outArmed && available === 0;
              const back = !outArmed && available > margin;
              same(crossings.includes("out_of_stock"), out);
              same(crossings.includes("back_in_stock"), back);
              if (out) outArmed = false;
              if (back) outArmed = true;
              same(crossings.length, new Set(crossings).size);
              checked += 1;
            });
          }
        }
      }
    }
    expect(checked).to.be.greaterThan(200_000);
  });
});
