// `npm run simulate`: many buyers ordering at once through the real client SDK, then a
// verdict from the database and the mailbox, and an HTML report. See README.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { closeShopDb } from "../../testkit/emulator";
import { openMailbox } from "../load/mailbox";
import { simulationOptionsSchema, type SimulationOptions } from "./plan";
import { printSummary, simulationHtml } from "./report";
import { runSimulation } from "./simulation";

const USAGE = "npm run simulate -- [--users 200] [--products 5] [--stock 50] [--concurrency 50] [--orders N] [--hot] [--seed N] [--cold] [--out dir]";

function parseOptions(): { options: SimulationOptions; out: string } {
  const args = () =>
    parseArgs({
      options: {
        users: { type: "string", default: "200" },
        products: { type: "string", default: "5" },
        stock: { type: "string", default: "50" },
        concurrency: { type: "string", default: "50" },
        orders: { type: "string" },
        hot: { type: "boolean", default: false },
        cold: { type: "boolean", default: false },
        seed: { type: "string", default: "1" },
        out: { type: "string", default: "simulation-results" },
      },
    });
  let values: ReturnType<typeof args>["values"];
  try {
    values = args().values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nUsage: ${USAGE}`);
  }
  const number = (text: string | undefined) => (text === undefined ? undefined : /^-?\d+$/.test(text) ? Number(text) : Number.NaN);
  const parsed = simulationOptionsSchema.safeParse({
    users: number(values.users),
    products: number(values.products),
    stock: number(values.stock),
    concurrency: number(values.concurrency),
    orders: number(values.orders),
    hot: values.hot,
    warm: !values.cold,
    seed: number(values.seed),
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `--${issue.path.join(".")}: ${issue.message}`).join("\n  ");
    throw new UsageError(`Invalid options:\n  ${problems}\nUsage: ${USAGE}`);
  }
  return { options: parsed.data, out: values.out };
}

class UsageError extends Error {}


async function main(): Promise<void> {
  const { options, out } = parseOptions();
  const mailbox = await openMailbox();
  console.log(`Emails are read back from ${mailbox.description}.`);
  try {
    const result = await runSimulation(options, { mailbox, progress: process.stdout.isTTY, log: (m) => console.log(m) });
    console.log("");
    printSummary(result);
    const outDir = resolve(process.env.INIT_CWD ?? process.cwd(), out);
    mkdirSync(outDir, { recursive: true });
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
    writeFileSync(join(outDir, "simulation-latest.json"), `${JSON.stringify(json, null, 2)}\n`);
    writeFileSync(join(outDir, "simulation-latest.html"), await simulationHtml(result));
    console.log(`\nReport:  ${join(outDir, "simulation-latest.html")}\nResults: ${join(outDir, "simulation-latest.json")}`);
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    await mailbox.close();
    await closeShopDb();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? error.message : error);
  process.exitCode = 2;
});
