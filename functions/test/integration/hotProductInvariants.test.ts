// The benchmark's correctness invariants at CI scale: a burst of mixed orders on two hot
// products through the real callable; no oversell, no wrongful refusal, no order lost.
import { expect } from "chai";
import { newRequestId, closeClients, type Buyer } from "../../../tools/testkit/buyers";
import { countOrders, seedProduct, shopDb, uniqueId } from "../../../tools/testkit/emulator";
import { checkOrders, checkStock } from "../../../tools/load/invariants";
import { callableWorker, runJobs, type Job } from "../../../tools/load/loadRunner";
import { summarize } from "../../../tools/load/metrics";
import { signInBuyers } from "../../../tools/load/stack";

describe("hot products under a burst (bench invariants at CI scale)", function () {
  const CONCURRENCY = 16;
  let buyers: Buyer[];

  before(async function () {
    this.timeout(60_000);
    buyers = await signInBuyers(CONCURRENCY);
  });

  after(async function () {
    await closeClients(buyers.map((b) => b.app));
  });

  it("keeps every invariant with single- and multi-line orders racing for two products", async function () {
    this.timeout(240_000);
    const a = uniqueId("burst-a");
    const b = uniqueId("burst-b");
    const stock = new Map([
      [a, 25],
      [b, 10],
    ]);
    for (const [id, quantity] of stock) await seedProduct(id, { quantity, price: 700 });

    // Deterministic mix: mostly one unit of A, some 2-3 units, some A+B together.
    const jobs: Job[] = Array.from({ length: 60 }, (_, i) => ({
      requestId: newRequestId(),
      items:
        i % 5 === 0
          ? [
              { productId: a, quantity: 1 },
              { productId: b, quantity: 1 + (i % 2) },
            ]
          : i % 7 === 0
            ? [{ productId: b, quantity: 1 }]
            : [{ productId: a, quantity: 1 + (i % 3 === 0 ? 2 : 0) }],
    }));
    const workers = buyers.map(callableWorker);

    const before = await countOrders();
    const attempts = await runJobs(jobs, workers);
    const created = (await countOrders()) - before;
    const metrics = summarize(attempts);
    const checks = [...(await checkStock(shopDb(), attempts, stock)), ...(await checkOrders(shopDb(), attempts, created))];

    expect(metrics.otherErrorCodes, "no error other than out-of-stock").to.deep.equal({});
    expect(metrics.confirmed + metrics.refused).to.equal(jobs.length);
    expect(metrics.refused, "demand exceeds supply, so some are refused").to.be.greaterThan(0);
    for (const check of checks) expect(check.ok, `${check.name}: ${check.detail}`).to.equal(true);
  });
});
