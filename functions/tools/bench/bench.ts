// `npm run bench`: hot-product throughput against uncontended orders and the original
// design, measured side by side in one run through the real callable. See README.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import Table from "cli-table3";
import { closeClients, type Buyer } from "../../testkit/buyers";
import { clearAuth, closeShopDb, countOrders, shopDb } from "../../testkit/emulator";
import { checkOrders, checkStock, type Check } from "../load/invariants";
import { runJobs, type Attempt } from "../load/loadRunner";
import { summarize, type Metrics } from "../load/metrics";
import { ensureMailbox, signInBuyers } from "../load/stack";
import { callableWorkers, jobsFor, seedProducts, settle, warmWorkers } from "../load/warmup";
import { htmlReport, htmlTable, verdict, type Section } from "../report/charts";
import { BASELINE_ORDERS, seedStyleWorker } from "./seedStyleBaseline";

const { values: args } = parseArgs({
  options: {
    concurrency: { type: "string", default: "50" },
    "hot-stock": { type: "string", default: "1000" },
    "hot-buyers": { type: "string", default: "2000" },
    "cold-products": { type: "string", default: "200" },
    "baseline-seconds": { type: "string", default: "60" },
    sweep: { type: "string", default: "10,50,100" },
    "sweep-buyers": { type: "string", default: "600" },
    out: { type: "string", default: "bench-results" },
    quiet: { type: "boolean", default: false },
  },
});
const concurrency = Number(args.concurrency);
const hotStock = Number(args["hot-stock"]);
const hotBuyers = Number(args["hot-buyers"]);
const coldProducts = Number(args["cold-products"]);
const baselineSeconds = Number(args["baseline-seconds"]);
const sweep = args.sweep ? args.sweep.split(",").map(Number).filter((n) => n > 0) : [];
const sweepBuyers = Number(args["sweep-buyers"]);
const progress = !args.quiet && process.stdout.isTTY;

interface ScenarioResult {
  name: string;
  concurrency: number;
  metrics: Metrics;
  checks: Check[];
  note?: string;
}

async function callableScenario(name: string, buyers: Buyer[], n: number, stock: Map<string, number>, count: number): Promise<ScenarioResult> {
  await settle();
  const before = await countOrders();
  const attempts = await runJobs(jobsFor(count, [...stock.keys()]), callableWorkers(buyers, n), { label: `${name} c=${n}`, progress });
  const created = (await countOrders()) - before;
  const checks = [...(await checkStock(shopDb(), attempts, stock)), ...(await checkOrders(shopDb(), attempts, created))];
  return { name, concurrency: n, metrics: summarize(attempts), checks };
}

async function baselineScenario(buyers: Buyer[], n: number): Promise<ScenarioResult> {
  await settle();
  const stock = await seedProducts("baseline", 1, hotStock);
  const workers = buyers.slice(0, n).map((buyer) => seedStyleWorker(shopDb(), buyer.uid));
  const before = (await shopDb().collection(BASELINE_ORDERS).count().get()).data().count;
  const attempts: Attempt[] = await runJobs(jobsFor(hotBuyers, [...stock.keys()]), workers, {
    label: `baseline c=${n}`,
    progress,
    until: performance.now() + baselineSeconds * 1000,
  });
  const created = (await shopDb().collection(BASELINE_ORDERS).count().get()).data().count - before;
  const checks = [...(await checkStock(shopDb(), attempts, stock)), ...(await checkOrders(shopDb(), attempts, created, BASELINE_ORDERS))];
  const note = attempts.length < hotBuyers ? `capped at ${baselineSeconds}s: ${attempts.length} of ${hotBuyers} buyers served` : undefined;
  return { name: "seed-style baseline", concurrency: n, metrics: summarize(attempts), checks, note };
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

function printTable(results: ScenarioResult[]): void {
  const table = new Table({
    head: ["scenario", "conc.", "requests", "decided/s", "confirmed/s", "p50 ms", "p95 ms", "p99 ms", "confirmed", "refused (stock)", "other errors", "invariants"],
  });
  for (const r of results) {
    const m = r.metrics;
    table.push([
      r.name,
      r.concurrency,
      m.requests,
      fmt(m.decidedPerSecond),
      fmt(m.confirmedPerSecond),
      fmt(m.p50, 0),
      fmt(m.p95, 0),
      fmt(m.p99, 0),
      m.confirmed,
      m.refusedForStock,
      m.otherErrors ? `${m.otherErrors} ${JSON.stringify(m.otherErrorCodes)}` : 0,
      r.checks.every((c) => c.ok) ? "ok" : "VIOLATED",
    ]);
  }
  console.log(table.toString());
}

async function main(): Promise<void> {
  const mailbox = await ensureMailbox();
  await clearAuth();
  const maxConcurrency = Math.max(concurrency, ...sweep);
  console.log(`Signing in ${maxConcurrency} buyers...`);
  const buyers = await signInBuyers(maxConcurrency);
  try {
    console.log(`Warming ${concurrency} function workers...`);
    await warmWorkers(buyers, concurrency, progress);

    const cold = await callableScenario("cold", buyers, concurrency, await seedProducts("cold", coldProducts, hotBuyers), hotBuyers);
    const hot = await callableScenario("hot", buyers, concurrency, await seedProducts("hot", 1, hotStock), hotBuyers);
    const baseline = await baselineScenario(buyers, concurrency);
    const main = [cold, hot, baseline];

    const sweepResults: ScenarioResult[] = [];
    for (const n of sweep) {
      await warmWorkers(buyers, n, progress);
      sweepResults.push(await callableScenario("cold", buyers, n, await seedProducts("sweep-cold", coldProducts, sweepBuyers), sweepBuyers));
      sweepResults.push(await callableScenario("hot", buyers, n, await seedProducts("sweep-hot", 1, sweepBuyers / 2), sweepBuyers));
    }

    const ratios = {
      hotOverCold: hot.metrics.decidedPerSecond / cold.metrics.decidedPerSecond,
      hotOverBaseline: hot.metrics.decidedPerSecond / Math.max(baseline.metrics.decidedPerSecond, 1e-9),
      hotP99OverColdP99: hot.metrics.p99 / cold.metrics.p99,
    };
    const targets = [
      { name: "hot/cold throughput >= 0.8", ok: ratios.hotOverCold >= 0.8, value: ratios.hotOverCold },
      { name: "hot/baseline throughput >= 20", ok: ratios.hotOverBaseline >= 20, value: ratios.hotOverBaseline },
      { name: "hot p99 <= 2x cold p99", ok: ratios.hotP99OverColdP99 <= 2, value: ratios.hotP99OverColdP99 },
    ];
    const callableRuns = [cold, hot, ...sweepResults];
    const correctness = [
      {
        name: "zero oversell, zero wrongful refusals, no order lost (every callable run)",
        ok: callableRuns.every((r) => r.checks.every((c) => c.ok)),
      },
      { name: "zero unavailable/internal or other errors (every callable run)", ok: callableRuns.every((r) => r.metrics.otherErrors === 0) },
    ];

    console.log("\nMain run");
    printTable(main);
    if (baseline.note) console.log(`  baseline ${baseline.note}`);
    if (sweepResults.length) {
      console.log("\nConcurrency sweep");
      printTable(sweepResults);
    }
    console.log("\nRatios (decided requests per second; latency of every request)");
    for (const t of targets) console.log(`  ${t.ok ? "PASS" : "MISS"}  ${t.name}: ${fmt(t.value, 2)}`);
    for (const c of correctness) console.log(`  ${c.ok ? "PASS" : "FAIL"}  ${c.name}`);
    for (const r of [...main, ...sweepResults]) {
      for (const c of r.checks.filter((check) => !check.ok)) console.log(`  violated in ${r.name} c=${r.concurrency}: ${c.name}: ${c.detail}`);
    }

    const outDir = resolve(process.env.INIT_CWD ?? process.cwd(), args.out);
    mkdirSync(outDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    const json = { at: new Date().toISOString(), settings: args, ratios, targets, correctness, main, sweep: sweepResults };
    writeFileSync(join(outDir, `bench-${stamp}.json`), `${JSON.stringify(json, null, 2)}\n`);
    writeFileSync(join(outDir, "bench-latest.json"), `${JSON.stringify(json, null, 2)}\n`);
    const html = await benchHtml(main, sweepResults, targets, correctness);
    writeFileSync(join(outDir, "bench-latest.html"), html);
    console.log(`\nResults: ${join(outDir, "bench-latest.json")}\nChart:   ${join(outDir, "bench-latest.html")}`);
    process.exitCode = correctness.every((c) => c.ok) ? 0 : 1;
  } finally {
    await closeClients(buyers.map((b) => b.app));
    await mailbox?.stop();
    await closeShopDb();
  }
}

async function benchHtml(
  main: ScenarioResult[],
  sweepResults: ScenarioResult[],
  targets: { name: string; ok: boolean; value: number }[],
  correctness: { name: string; ok: boolean }[],
): Promise<string> {
  const rows = (results: ScenarioResult[]) =>
    results.map((r) => [
      r.name,
      r.concurrency,
      r.metrics.requests,
      fmt(r.metrics.decidedPerSecond),
      fmt(r.metrics.p50, 0),
      fmt(r.metrics.p95, 0),
      fmt(r.metrics.p99, 0),
      r.metrics.confirmed,
      r.metrics.refusedForStock,
      r.metrics.otherErrors,
      verdict(r.checks.every((c) => c.ok)),
    ]);
  const headers = ["scenario", "concurrency", "requests", "decided/s", "p50 ms", "p95 ms", "p99 ms", "confirmed", "refused (stock)", "other errors", "invariants"];
  const latency = main.flatMap((r) =>
    (["p50", "p95", "p99"] as const).map((p) => ({ scenario: r.name, percentile: p, ms: Math.round(r.metrics[p]) })),
  );
  const sweepData = sweepResults.map((r) => ({ scenario: r.name, concurrency: r.concurrency, throughput: r.metrics.decidedPerSecond, p99: r.metrics.p99 }));
  const sweepChart = (title: string, field: "throughput" | "p99", axis: string): Section => ({
    title,
    chart: {
      width: 500,
      data: { values: sweepData },
      mark: { type: "line", point: true },
      encoding: {
        x: { field: "concurrency", type: "quantitative" },
        y: { field, type: "quantitative", title: axis },
        color: { field: "scenario", type: "nominal" },
      },
    },
  });
  return htmlReport("placeOrder benchmark", [
    {
      title: "Targets",
      html: htmlTable(
        ["target", "value", "verdict"],
        [...targets.map((t) => [t.name, fmt(t.value, 2), verdict(t.ok)]), ...correctness.map((c) => [c.name, "", verdict(c.ok)])],
      ),
    },
    { title: "Main run", html: htmlTable(headers, rows(main)) },
    {
      title: "Throughput per scenario (decided requests/s)",
      chart: {
        width: 500,
        data: { values: main.map((r) => ({ scenario: r.name, throughput: r.metrics.decidedPerSecond })) },
        mark: "bar",
        encoding: { x: { field: "scenario", type: "nominal", sort: null }, y: { field: "throughput", type: "quantitative", title: "requests/s" } },
      },
    },
    {
      title: "Latency per scenario (ms)",
      chart: {
        width: 500,
        data: { values: latency },
        mark: "bar",
        encoding: {
          x: { field: "scenario", type: "nominal", sort: null },
          xOffset: { field: "percentile" },
          y: { field: "ms", type: "quantitative", title: "latency (ms)" },
          color: { field: "percentile", type: "nominal" },
        },
      },
    },
    ...(sweepResults.length
      ? [
          { title: "Concurrency sweep", html: htmlTable(headers, rows(sweepResults)) },
          sweepChart("Sweep: throughput by concurrency", "throughput", "requests/s"),
          sweepChart("Sweep: p99 latency by concurrency", "p99", "p99 (ms)"),
        ] satisfies Parameters<typeof htmlReport>[1]
      : []),
  ]);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
