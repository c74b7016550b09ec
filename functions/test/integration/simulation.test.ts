// `npm run simulate` at CI size: the whole stack under a realistic mix of buyers, judged
// by the same verdict the tool prints (correctness, not speed).
import { expect } from "chai";
import { sinkMailbox } from "../../../tools/load/mailbox";
import { runSimulation } from "../../../tools/simulate/simulation";
import { smtp } from "./setup";

describe("npm run simulate at CI size (emulators, real SMTP)", function () {
  it("passes every check with 30 buyers racing for 3 products", async function () {
    this.timeout(600_000);
    const result = await runSimulation(
      { users: 30, products: 3, stock: 12, concurrency: 10, hot: true, seed: 11, warm: false },
      { mailbox: sinkMailbox(smtp) },
    );
    const failed = result.checks.filter((check) => !check.ok).map((check) => `${check.name}: ${check.detail}`);
    expect(failed).to.deep.equal([]);
    expect(result.checks).to.have.length.at.least(10);
    // The run exercised what the checks are about.
    const kinds = new Set(result.attempts.map((a) => (a.job as { kind: string }).kind));
    expect([...kinds]).to.include.members(["single", "multi", "over-stock", "replay", "invalid", "hold-pay", "hold-abandon"]);
    expect(result.checks.map((check) => check.name)).to.include("every abandoned hold returned its units (none left active, nothing held)");
    expect(result.metrics.confirmed).to.be.greaterThan(0);
    expect(result.metrics.refused).to.be.greaterThan(0);
    expect(result.emailTimes.length).to.equal(new Set(result.attempts.filter((a) => a.ok && a.orderId).map((a) => a.orderId)).size);
  });
});
