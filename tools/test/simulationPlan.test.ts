import { expect } from "chai";
import { placeOrderRequestSchema } from "../../functions/src/orders/placeOrderSchema";
import { planSimulation, type SimulationOptions } from "../simulate/plan";

const options: SimulationOptions = { users: 50, products: 4, stock: 20, concurrency: 10, hot: false, seed: 42, warm: false };

describe("simulation plan", function () {
  it("is the same for the same seed and differs for another", function () {
    const a = planSimulation(options, "t");
    expect(planSimulation(options, "t")).to.deep.equal(a);
    expect(planSimulation({ ...options, seed: 43 }, "t").jobs).to.not.deep.equal(a.jobs);
  });

  it("has every user order, and mixes every kind of request", function () {
    const { jobs } = planSimulation(options, "t");
    expect(jobs).to.have.length(100);
    const ordering = jobs.filter((job) => job.kind !== "invalid" && job.kind !== "replay");
    expect(new Set(ordering.map((job) => job.buyer)).size).to.equal(50);
    expect(new Set(jobs.map((job) => job.kind))).to.have.keys("single", "multi", "over-stock", "replay", "invalid", "hold-pay", "hold-abandon");
    for (const job of jobs.filter((j) => j.kind.startsWith("hold-"))) expect(`hold-${job.hold}`).to.equal(job.kind);
  });

  it("makes valid requests valid, invalid ones invalid, and over-stock ones exceed the stock", function () {
    const { jobs, products } = planSimulation(options, "t");
    const stockOf = new Map(products.map((p) => [p.id, p.stock]));
    for (const job of jobs) {
      const request = job.payload ?? { items: job.items, requestId: job.requestId };
      expect(placeOrderRequestSchema.safeParse(request).success, `${job.kind} ${job.flaw ?? ""}`).to.equal(job.kind !== "invalid");
      if (job.kind === "over-stock") expect(job.items[0]!.quantity).to.be.greaterThan(stockOf.get(job.items[0]!.productId)!);
    }
  });

  it("replays come from the same buyer with the same request as an earlier job", function () {
    const { jobs } = planSimulation(options, "t");
    jobs.forEach((job, i) => {
      if (job.kind !== "replay") return;
      const original = jobs.slice(0, i).find((j) => j.requestId === job.requestId && j.kind !== "replay");
      expect(original, job.requestId).to.exist;
      expect(original!.buyer).to.equal(job.buyer);
      expect(original!.items).to.deep.equal(job.items);
    });
  });

  it("sends most orders to the first product when hot", function () {
    const { jobs, products } = planSimulation({ ...options, hot: true }, "t");
    const lines = jobs.filter((job) => job.kind === "single").map((job) => job.items[0]!.productId);
    expect(lines.filter((id) => id === products[0]!.id).length / lines.length).to.be.greaterThan(0.6);
  });
});
