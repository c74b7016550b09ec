// `npm run bench`: placeOrder measured side by side with yardsticks, in two modes. Production-
// shaped (production.ts): the callables served by Functions Framework processes as deployed
// functions are, Firestore a round trip away; its targets are the bench's verdict. Emulator
// mode: through the Functions emulator (a worker process per concurrent request) beside the
// runtime's own floor (the same callable refused at validation), one plain transaction per
// order (direct) and the original one-transaction-per-buyer design on a hot product (baseline);
// it shows worker start-up and the whole stack together, as information. See docs/benchmark.md.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import Table from "cli-table3";
import { z } from "zod";
import { closeClients, type Buyer } from "../testkit/buyers";
import { clearAuth, closeShopDb, countOrders, shopDb } from "../testkit/emulator";
import { checkOrders, checkStock, type Check } from "../load/invariants";
import { parseOptions, runCli, writeResults } from "../load/cli";
import { floorWorker, isValidationRefusal, runJobs, type Attempt, type Job, type Worker } from "../load/loadRunner";
import { fmt, summarize, type Metrics } from "../load/metrics";
import { openMailbox } from "../load/mailbox";
import { CPU_GROUPS, cpuPerRequest, cpuSnapshot, type CpuGroup } from "../load/cpuUse";
import { signInBuyers } from "../load/stack";
import { callableWorkers, jobsFor, seedProducts, settle, warmWorkers } from "../load/warmup";
import { htmlReport, htmlTable, verdict, type Section } from "../report/charts";
import { BASELINE_ORDERS, seedStyleWorker } from "./seedStyleBaseline";
import { printProduction, PRODUCTION_HEADERS, productionBuyersNeeded, productionRow, runProduction, verifyBuyers, type ProductionOptions } from "./production";
import { HUB, hostPort } from "../../scripts/localStack";

const USAGE =
  "npm run bench -- [--quick] [--mode both|production|emulator] [--rtt 20] [--levels 2,4,10,80] [--few 4] [--many 80] [--most 200] [--per-buyer 40] [--max-requests 800] [--concurrency 50] [--requests 600] [--hot-stock 480] [--hot-buyers 600] [--cold-products 200] [--baseline-seconds 20] [--sweep 10,100,200] [--sweep-buyers 200] [--out bench-results] [--quiet]";

const count = z.coerce.number().int().min(1).max(100_000);
const levels = z
  .string()
  .regex(/^(\d+(,\d+)*)?$/, "a comma-separated list of concurrency levels, e.g. 10,50")
  .transform((text) => (text ? text.split(",").map(Number) : []))
  .pipe(z.array(z.number().int().min(1).max(500)));
const optionsSchema = z.strictObject({
  mode: z.enum(["both", "production", "emulator"]),
  rtt: z.coerce.number().min(0).max(1000),
  levels,
  few: count.max(500),
  many: count.max(500),
  most: count.max(500),
  perBuyer: count.max(55),
  maxRequests: count,
  concurrency: count.max(500),
  requests: count,
  hotStock: count,
  hotBuyers: count,
  coldProducts: count.max(10_000),
  baselineSeconds: count.max(3600),
  sweep: levels,
  sweepBuyers: count,
  out: z.string().min(1),
  quiet: z.boolean(),
});
type Options = z.infer<typeof optionsSchema>;

// --quick: CI-scale sizes, a couple of minutes; the defaults finish within 10 minutes on 2 cores
// (the emulator-mode concurrency sweep is an option: --sweep 10,100,200).
const DEFAULTS = {
  mode: "both",
  rtt: "20",
  levels: "2,4,10,80",
  few: "4",
  many: "80",
  most: "200",
  perBuyer: "40",
  maxRequests: "800",
  concurrency: "50",
  requests: "600",
  hotStock: "480",
  hotBuyers: "600",
  coldProducts: "200",
  baselineSeconds: "20",
  sweep: "",
  sweepBuyers: "200",
};
const QUICK: typeof DEFAULTS = { ...DEFAULTS, levels: "4,20", few: "4", many: "20", most: "40", perBuyer: "20", maxRequests: "200", concurrency: "10", requests: "150", hotStock: "100", hotBuyers: "150", coldProducts: "50", baselineSeconds: "10" };

function parseBenchOptions(): Options {
  let quick = false;
  return parseOptions(
    {
      quick: { type: "boolean", default: false },
      mode: { type: "string" },
      rtt: { type: "string" },
      levels: { type: "string" },
      few: { type: "string" },
      many: { type: "string" },
      most: { type: "string" },
      "per-buyer": { type: "string" },
      "max-requests": { type: "string" },
      concurrency: { type: "string" },
      requests: { type: "string" },
      "hot-stock": { type: "string" },
      "hot-buyers": { type: "string" },
      "cold-products": { type: "string" },
      "baseline-seconds": { type: "string" },
      sweep: { type: "string" },
      "sweep-buyers": { type: "string" },
      out: { type: "string", default: "bench-results" },
      quiet: { type: "boolean", default: false },
    },
    (values) => {
      quick = values.quick === true;
      const base = quick ? QUICK : DEFAULTS;
      const pick = (name: string, key: keyof typeof DEFAULTS) => (values[name] as string | undefined) ?? base[key];
      return {
        mode: pick("mode", "mode"),
        rtt: pick("rtt", "rtt"),
        levels: pick("levels", "levels"),
        few: pick("few", "few"),
        many: pick("many", "many"),
        most: pick("most", "most"),
        perBuyer: pick("per-buyer", "perBuyer"),
        maxRequests: pick("max-requests", "maxRequests"),
        concurrency: pick("concurrency", "concurrency"),
        requests: pick("requests", "requests"),
        hotStock: pick("hot-stock", "hotStock"),
        hotBuyers: pick("hot-buyers", "hotBuyers"),
        coldProducts: pick("cold-products", "coldProducts"),
        baselineSeconds: pick("baseline-seconds", "baselineSeconds"),
        sweep: pick("sweep", "sweep"),
        sweepBuyers: pick("sweep-buyers", "sweepBuyers"),
        out: values.out,
        quiet: values.quiet,
      };
    },
    optionsSchema,
    USAGE,
  );
}

interface ScenarioResult {
  name: string;
  concurrency: number;
  metrics: Metrics;
  checks: Check[];
  note?: string;
  // CPU ms per answered request, by process group, while the scenario ran.
  cpu: Record<CpuGroup, number>;
}

// Runs the scenario's jobs and measures the CPU every process spent meanwhile.
async function measured(jobs: Job[], workers: Worker[], options: Parameters<typeof runJobs>[2], answered?: (attempt: Attempt) => boolean): Promise<{ attempts: Attempt[]; metrics: Metrics; cpu: Record<CpuGroup, number> }> {
  const before = cpuSnapshot();
  const attempts = await runJobs(jobs, workers, options);
  const after = cpuSnapshot();
  const metrics = summarize(attempts, answered);
  return { attempts, metrics, cpu: cpuPerRequest(before, after, metrics.confirmed + metrics.refused) };
}

async function floorScenario(buyers: Buyer[], n: number, requests: number, progress: boolean): Promise<ScenarioResult> {
  const { metrics, cpu } = await measured(jobsFor(requests, ["floor"]), buyers.slice(0, n).map(floorWorker), { label: `floor c=${n}`, progress }, isValidationRefusal);
  return { name: "floor (refused at validation)", concurrency: n, metrics, checks: [], cpu };
}

async function plainTransactionScenario(
  name: string,
  buyers: Buyer[],
  n: number,
  stock: Map<string, number>,
  requests: number,
  options: { progress: boolean; seconds?: number },
): Promise<ScenarioResult> {
  await settle();
  const workers = buyers.slice(0, n).map((buyer) => seedStyleWorker(shopDb(), buyer.uid));
  const ordersNow = async () => (await shopDb().collection(BASELINE_ORDERS).count().get()).data().count;
  const before = await ordersNow();
  const until = options.seconds === undefined ? undefined : performance.now() + options.seconds * 1000;
  const { attempts, metrics, cpu } = await measured(jobsFor(requests, [...stock.keys()]), workers, { label: `${name} c=${n}`, progress: options.progress, until });
  const created = (await ordersNow()) - before;
  const checks = [...(await checkStock(shopDb(), attempts, stock)), ...(await checkOrders(shopDb(), attempts, created, BASELINE_ORDERS))];
  const note = attempts.length < requests ? `capped at ${options.seconds}s: ${attempts.length} of ${requests} buyers served` : undefined;
  return { name, concurrency: n, metrics, checks, note, cpu };
}

async function callableScenario(name: string, buyers: Buyer[], n: number, stock: Map<string, number>, requests: number, progress: boolean): Promise<ScenarioResult> {
  await settle();
  const before = await countOrders();
  const { attempts, metrics, cpu } = await measured(jobsFor(requests, [...stock.keys()]), callableWorkers(buyers, n), { label: `${name} c=${n}`, progress });
  const created = (await countOrders()) - before;
  const checks = [...(await checkStock(shopDb(), attempts, stock)), ...(await checkOrders(shopDb(), attempts, created))];
  return { name, concurrency: n, metrics, checks, cpu };
}

// Loading the functions' entry point and placeOrder's module in a fresh Node process (what a
// new instance or emulator worker does before its first answer), median of 5.
function moduleLoadMs(): { index: number; placeOrder: number } {
  const lib = join(__dirname, "..", "..", "functions", "lib", "index.js");
  const script = `const t0 = performance.now(); const m = require(${JSON.stringify(lib)}); const t1 = performance.now(); m.placeOrder; const t2 = performance.now(); console.log(JSON.stringify([t1 - t0, t2 - t0]));`;
  const runs = Array.from({ length: 5 }, () => JSON.parse(spawnSync(process.execPath, ["-e", script], { encoding: "utf8" }).stdout) as [number, number]);
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  return { index: median(runs.map((r) => r[0])), placeOrder: median(runs.map((r) => r[1])) };
}


const HEADERS = ["scenario", "conc.", "requests", "answered/s", "confirmed/s", "p50 ms", "p95 ms", "p99 ms", "confirmed", "refused (expected)", "other errors", "invariants"];

function row(r: ScenarioResult): (string | number)[] {
  const m = r.metrics;
  return [
    r.name,
    r.concurrency,
    m.requests,
    fmt(m.decidedPerSecond),
    fmt(m.confirmedPerSecond),
    fmt(m.p50, 0),
    fmt(m.p95, 0),
    fmt(m.p99, 0),
    m.confirmed,
    m.refused,
    m.otherErrors ? `${m.otherErrors} ${JSON.stringify(m.otherErrorCodes)}` : 0,
    r.checks.length === 0 ? "-" : r.checks.every((c) => c.ok) ? "ok" : "VIOLATED",
  ];
}

const CPU_HEADERS = ["scenario", ...CPU_GROUPS, "total"];

function cpuRow(r: ScenarioResult): string[] {
  const total = CPU_GROUPS.reduce((sum, group) => sum + r.cpu[group], 0);
  return [r.name, ...CPU_GROUPS.map((group) => fmt(r.cpu[group], 2)), fmt(total, 2)];
}

function printTable(results: ScenarioResult[]): void {
  const table = new Table({ head: HEADERS });
  for (const r of results) table.push(row(r));
  console.log(table.toString());
}

interface EmulatorRun {
  load: { index: number; placeOrder: number };
  firstBurst: ScenarioResult;
  main: ScenarioResult[];
  sweepResults: ScenarioResult[];
  baselineNote?: string;
  ratios: Record<string, number>;
  correctness: { name: string; ok: boolean }[];
}

// Emulator mode: every request through the Functions emulator's worker processes.
async function runEmulatorMode(buyers: Buyer[], options: Options, progress: boolean): Promise<EmulatorRun> {
  const n = options.concurrency;
  const load = moduleLoadMs();
  // Before any warm-up: on freshly started emulators every one of these needs a new worker.
  const firstBurst = await floorScenario(buyers, n, n, false);
  console.log(`Warming ${n} function workers...`);
  await warmWorkers(buyers, n, progress);

  const floor = await floorScenario(buyers, n, options.requests, progress);
  const direct = await plainTransactionScenario("direct (1 plain transaction)", buyers, n, await seedProducts("direct", options.coldProducts, options.requests), options.requests, { progress });
  const cold = await callableScenario("cold", buyers, n, await seedProducts("cold", options.coldProducts, options.requests), options.requests, progress);
  const hot = await callableScenario("hot", buyers, n, await seedProducts("hot", 1, options.hotStock), options.hotBuyers, progress);
  const baseline = await plainTransactionScenario("seed-style baseline (hot)", buyers, n, await seedProducts("baseline", 1, options.hotStock), options.hotBuyers, {
    progress,
    seconds: options.baselineSeconds,
  });
  const main = [floor, direct, cold, hot, baseline];

  const sweepResults: ScenarioResult[] = [];
  for (const level of options.sweep) {
    await warmWorkers(buyers, level, progress);
    sweepResults.push(await callableScenario("cold", buyers, level, await seedProducts("sweep-cold", options.coldProducts, options.sweepBuyers), options.sweepBuyers, progress));
    sweepResults.push(await callableScenario("hot", buyers, level, await seedProducts("sweep-hot", 1, Math.ceil(options.sweepBuyers * 0.8)), options.sweepBuyers, progress));
  }
  await settle();

  const rate = (r: ScenarioResult) => r.metrics.decidedPerSecond;
  const ratios = {
    "cold/floor throughput": rate(cold) / rate(floor),
    "hot/floor throughput": rate(hot) / rate(floor),
    "cold/direct throughput (one plain transaction per order from the bench process)": rate(cold) / rate(direct),
    "cold p99 / floor p99": cold.metrics.p99 / floor.metrics.p99,
    "hot p99 / floor p99": hot.metrics.p99 / floor.metrics.p99,
    "hot/seed-style baseline throughput": rate(hot) / Math.max(rate(baseline), 1e-9),
  };
  const callableRuns = [floor, cold, hot, ...sweepResults];
  const correctness = [
    { name: "emulator mode: zero oversell, zero wrongful refusals, no order lost (every run)", ok: [...callableRuns, direct].every((r) => r.checks.every((c) => c.ok)) },
    { name: "emulator mode: zero unavailable/internal or other errors (every callable run)", ok: [firstBurst, ...callableRuns].every((r) => r.metrics.otherErrors === 0) },
  ];
  return { load, firstBurst, main, sweepResults, baselineNote: baseline.note, ratios, correctness };
}

function printEmulatorMode(run: EmulatorRun, n: number): void {
  console.log("\nEmulator mode: start-up");
  console.log(`  module load in a fresh process: index ${fmt(run.load.index)} ms, index + placeOrder ${fmt(run.load.placeOrder)} ms (median of 5)`);
  console.log(`  first answers, ${n} requests at once before warm-up: p50 ${fmt(run.firstBurst.metrics.p50, 0)} ms, p99 ${fmt(run.firstBurst.metrics.p99, 0)} ms (fresh workers when the emulators just started)`);
  console.log("\nEmulator mode (the Functions emulator: a worker process per concurrent request)");
  printTable(run.main);
  if (run.baselineNote) console.log(`  baseline ${run.baselineNote}`);
  console.log("\nEmulator mode: CPU ms per answered request, by process (every emulator and this tool share the same cores)");
  const cpuTable = new Table({ head: CPU_HEADERS });
  for (const r of run.main) cpuTable.push(cpuRow(r));
  console.log(cpuTable.toString());
  if (run.sweepResults.length) {
    console.log("\nEmulator mode: concurrency sweep");
    printTable(run.sweepResults);
  }
  for (const r of [...run.main, ...run.sweepResults]) {
    for (const c of r.checks.filter((check) => !check.ok)) console.log(`  violated in ${r.name} c=${r.concurrency}: ${c.name}: ${c.detail}`);
  }
}

// The Functions emulator's event triggers (confirmation emails) run on the same cores: off
// while the production-shaped mode measures, whatever earlier runs left behind.
async function backgroundTriggers(on: boolean): Promise<void> {
  await fetch(`http://${hostPort(HUB)}/functions/${on ? "enable" : "disable"}BackgroundTriggers`, { method: "PUT" }).catch(() => undefined);
}

async function main(): Promise<void> {
  const options = parseBenchOptions();
  const progress = !options.quiet && process.stdout.isTTY;
  const started = Date.now();
  const n = options.concurrency;
  const emulatorMode = options.mode !== "production";
  const productionMode = options.mode !== "emulator";
  const production: ProductionOptions = {
    rttMs: options.rtt,
    levels: options.levels,
    target: { few: options.few, many: options.many, most: options.most },
    perBuyer: options.perBuyer,
    maxRequests: options.maxRequests,
    baselineSeconds: options.baselineSeconds,
    progress,
  };
  // Confirmation emails need somewhere to go: npm start's maildev, or a sink of our own.
  const mailbox = await openMailbox();
  await clearAuth();
  const needed = Math.max(emulatorMode ? Math.max(n, ...options.sweep) : 0, productionMode ? productionBuyersNeeded(production) : 0);
  console.log(`Signing in ${needed} buyers...`);
  const buyers = await signInBuyers(needed);
  try {
    if (productionMode) await verifyBuyers(buyers);
    const emulator = emulatorMode ? await runEmulatorMode(buyers, options, progress) : undefined;
    let prod: Awaited<ReturnType<typeof runProduction>> | undefined;
    if (productionMode) {
      await backgroundTriggers(false);
      try {
        prod = await runProduction(buyers, production);
      } finally {
        await backgroundTriggers(true);
      }
    }

    if (emulator) printEmulatorMode(emulator, n);
    if (prod) printProduction(prod.results, options.rtt);
    if (emulator) {
      console.log("\nEmulator-mode ratios (information: they measure the emulator's worker processes, not production)");
      for (const [name, value] of Object.entries(emulator.ratios)) console.log(`  info  ${name}: ${fmt(value, 2)}`);
    }
    if (prod) {
      console.log(`\nProduction-shaped targets (side by side in this run, ${options.rtt} ms round trip to Firestore, rate limit on)`);
      for (const t of prod.targets) console.log(`  ${t.ok ? "PASS" : "MISS"}  ${t.name}: ${fmt(t.value, 2)}`);
      for (const i of prod.info) console.log(`  info  ${i.name}: ${fmt(i.value, 2)}`);
    }
    const correctness = [
      ...(emulator?.correctness ?? []),
      ...(prod ? prod.targets.filter((t) => t.name.startsWith("zero errors") || t.name.startsWith("every invariant")).map((t) => ({ name: `production-shaped: ${t.name}`, ok: t.ok })) : []),
    ];
    for (const c of correctness) console.log(`  ${c.ok ? "PASS" : "FAIL"}  ${c.name}`);
    const minutes = (Date.now() - started) / 60_000;
    console.log(`\nBench took ${fmt(minutes)} min.`);

    const json = {
      at: new Date().toISOString(),
      options,
      minutes,
      production: prod,
      emulator: emulator && { startup: { moduleLoadMs: emulator.load, firstBurst: emulator.firstBurst }, ratios: emulator.ratios, main: emulator.main, sweep: emulator.sweepResults },
      correctness,
    };
    const written = writeResults(options.out, "bench", json, await benchHtml(emulator, prod, correctness));
    console.log(`Results: ${written.json}\nChart:   ${written.html}`);
    process.exitCode = correctness.every((c) => c.ok) ? 0 : 1;
  } finally {
    await closeClients(buyers.map((b) => b.app));
    await mailbox.close();
    await closeShopDb();
  }
}

async function benchHtml(emulator: EmulatorRun | undefined, prod: Awaited<ReturnType<typeof runProduction>> | undefined, correctness: { name: string; ok: boolean }[]): Promise<string> {
  const rows = (results: ScenarioResult[]) => results.map((r) => row(r).map((cell) => (cell === "ok" ? verdict(true) : cell === "VIOLATED" ? verdict(false) : cell)));
  const sections: Section[] = [
    {
      title: "Targets (production-shaped) and correctness",
      html: htmlTable(["target", "value", "verdict"], [...(prod?.targets ?? []).map((t) => [t.name, fmt(t.value, 2), verdict(t.ok)]), ...correctness.map((c) => [c.name, "", verdict(c.ok)])]),
    },
  ];
  if (prod) {
    sections.push(
      { title: "Production-shaped mode", html: htmlTable(PRODUCTION_HEADERS, prod.results.map(productionRow)) },
      {
        title: "Production-shaped: p95 latency of confirmed orders by buyers at once (ms)",
        chart: {
          width: 500,
          data: { values: prod.results.filter((r) => r.metrics.confirmed > 0).map((r) => ({ scenario: `${r.name}`, buyers: r.buyers, p95: r.confirmed.p95 })) },
          mark: { type: "line", point: true },
          encoding: {
            x: { field: "buyers", type: "quantitative", scale: { type: "log" } },
            y: { field: "p95", type: "quantitative", title: "p95 (ms)" },
            color: { field: "scenario", type: "nominal" },
          },
        },
      },
    );
  }
  if (emulator) {
    const latency = emulator.main.flatMap((r) => (["p50", "p95", "p99"] as const).map((p) => ({ scenario: r.name, percentile: p, ms: Math.round(r.metrics[p]) })));
    sections.push(
      { title: "Emulator mode (information)", html: htmlTable(["ratio", "value"], Object.entries(emulator.ratios).map(([name, value]) => [name, fmt(value, 2)])) },
      { title: "Emulator mode: main run", html: htmlTable(HEADERS, rows(emulator.main)) },
      { title: "Emulator mode: CPU ms per answered request, by process", html: htmlTable(CPU_HEADERS, emulator.main.map(cpuRow)) },
      {
        title: "Emulator mode: latency per scenario (ms)",
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
    );
    if (emulator.sweepResults.length) sections.push({ title: "Emulator mode: concurrency sweep", html: htmlTable(HEADERS, rows(emulator.sweepResults)) });
  }
  return htmlReport("placeOrder benchmark", sections);
}

runCli(main);
