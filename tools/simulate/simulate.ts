// `npm run simulate`: many buyers ordering at once through the real client SDK, then a
// verdict from the database and the mailbox, and an HTML report. See docs/benchmark.md.
import { closeShopDb } from "../testkit/emulator";
import { parseOptions, runCli, wholeNumber, writeResults } from "../load/cli";
import { openMailbox } from "../load/mailbox";
import { simulationOptionsSchema, type SimulationOptions } from "./plan";
import { printSummary, simulationHtml } from "./report";
import { runSimulation } from "./simulation";

const USAGE = "npm run simulate -- [--users 200] [--products 5] [--stock 50] [--concurrency 50] [--orders N] [--hot] [--seed N] [--cold] [--out dir]";

function parseSimulationOptions(): { options: SimulationOptions; out: string } {
  let out = "simulation-results";
  const options = parseOptions(
    {
      users: { type: "string", default: "200" },
      products: { type: "string", default: "5" },
      stock: { type: "string", default: "50" },
      concurrency: { type: "string", default: "50" },
      orders: { type: "string" },
      hot: { type: "boolean", default: false },
      cold: { type: "boolean", default: false },
      seed: { type: "string", default: "1" },
      out: { type: "string", default: out },
    },
    (values) => {
      out = String(values.out);
      return {
        users: wholeNumber(values.users),
        products: wholeNumber(values.products),
        stock: wholeNumber(values.stock),
        concurrency: wholeNumber(values.concurrency),
        orders: wholeNumber(values.orders),
        hot: values.hot,
        warm: !values.cold,
        seed: wholeNumber(values.seed),
      };
    },
    simulationOptionsSchema,
    USAGE,
  );
  return { options, out };
}

async function main(): Promise<void> {
  const { options, out } = parseSimulationOptions();
  const mailbox = await openMailbox();
  console.log(`Emails are read back from ${mailbox.description}.`);
  try {
    const result = await runSimulation(options, { mailbox, progress: process.stdout.isTTY, log: (m) => console.log(m) });
    console.log("");
    printSummary(result);
    const json = {
      at: new Date().toISOString(),
      options,
      ok: result.ok,
      checks: result.checks,
      metrics: result.metrics,
      products: result.plan.products,
      stock: result.stock,
      emailTimes: result.emailTimes,
      attempts: result.attempts.map(({ job, latencyMs, ok, code, reason, orderId }) => ({ job, latencyMs, ok, code, reason, orderId })),
    };
    const written = writeResults(out, "simulation", json, await simulationHtml(result));
    console.log(`\nReport:  ${written.html}\nResults: ${written.json}`);
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    await mailbox.close();
    await closeShopDb();
  }
}

runCli(main);
