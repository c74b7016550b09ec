// The stock alerts' state machine, through every sequence of available counts up to six steps:
// each alert fires exactly once per crossing of its line, never again until available has
// risen above the line plus the margin, and always at the first step at its line once re-armed.
import { expect } from "chai";
import { mostUrgent, nextAlerts, stockCrossings, type AlertCrossing, type AlertState, type ProductAlertState, type StockLevels } from "../../src/model/stockAlerts";

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

describe("stock crossings of a product and its locations", function () {
  const levels = (available: number, locations: Record<string, [number, number]> = {}, reorderPoint?: number): StockLevels => ({
    available,
    ...(reorderPoint !== undefined ? { reorderPoint } : {}),
    locations: Object.fromEntries(Object.entries(locations).map(([id, [at, point]]) => [id, { available: at, reorderPoint: point }])),
  });

  it("a product without a stored state starts from where it was: only a real crossing fires", function () {
    // Already low and already at 0 before: nothing new.
    expect(stockCrossings(undefined, levels(0, {}, 5), levels(0, {}, 5), 1).crossings).to.deep.equal([]);
    expect(stockCrossings(undefined, levels(8, {}, 5), levels(4, {}, 5), 1).crossings).to.deep.equal([{ alert: "low_stock" }]);
  });

  it("a sell-out in steps fires low stock once and out of stock once; the state stored then keeps them quiet", function () {
    let state: ProductAlertState | undefined;
    const fired: string[] = [];
    let before = levels(20, { north: [20, 4] }, 5);
    for (let available = 19; available >= 0; available--) {
      const after = levels(available, { north: [available, 4] }, 5);
      const next = stockCrossings(state, before, after, 1);
      fired.push(...next.crossings.map((crossing) => `${available} ${crossing.alert}${crossing.locationId ? `@${crossing.locationId}` : ""}`));
      state = next.state;
      before = after;
    }
    expect(fired).to.deep.equal(["5 low_stock", "4 low_stock@north", "0 out_of_stock", "0 out_of_stock@north"]);
    expect(mostUrgent([{ alert: "low_stock" }, { alert: "out_of_stock", locationId: "north" }])).to.equal("out_of_stock");
    // A restock above line + margin re-arms and says it is back.
    const restocked = stockCrossings(state, before, levels(30, { north: [30, 4] }, 5), 1);
    expect(restocked.crossings.map((crossing) => crossing.alert)).to.deep.equal(["back_in_stock", "back_in_stock"]);
    expect(restocked.state).to.deep.equal({});
  });
});
