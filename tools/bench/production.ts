// The bench's production-shaped mode: the callables served as production serves them (a
// Functions Framework process per function, each serving many requests at once; placeOrder
// also as three processes behind a round-robin), Firestore a modeled round trip away, the rate
// limit on with one account per buyer, measured side by side with the floor (a signed-in
// callable that does nothing) and the direct yardstick (one Firestore transaction per order),
// in a project of its own on the emulators, so no trigger of the emulator suite runs on the
// measured cores. Emulator-mode scenarios (bench.ts) measure worker start-up and the whole
// stack together instead.
import { createServer } from "node:net";
import { getAuth } from "firebase-admin/auth";
import { deleteApp, initializeApp as initializeAdminApp } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";
import { getFunctions, httpsCallableFromURL } from "firebase/functions";
import Table from "cli-table3";
import { attempt, type Buyer, type PlaceOrderResponse } from "../testkit/buyers";
import { FIRESTORE_HOST, PROJECT_ID, shopApp, uniqueId } from "../testkit/emulator";
import { checkOrders, checkStock, type Check } from "../load/invariants";
import { runJobs, type Attempt, type Job, type Worker } from "../load/loadRunner";
import { fmt, summarize, type Metrics } from "../load/metrics";
import { cpuSnapshot } from "../load/cpuUse";
import { jobsFor } from "../load/warmup";
import { DIRECT_EVENTS, DIRECT_ORDERS } from "../prod/yardsticks";
import { FUNCTIONS_LIB, productionEnv, startFirestoreProxy, startHost, YARDSTICKS, type Host } from "../prod/hosts";

export const BENCH_PROJECT = `${PROJECT_ID}-bench`;
// A yardstick on a hot product: bare optimistic orders from 3 instances (tools/prod/yardsticks.ts).
const OPTIMISTIC = "bare optimistic, 3 instances";
const TWO_LOCATIONS = "hot, 2 locations";

export interface ProductionOptions {
  rttMs: number;
  // Buyers at once for the latency targets (small) and the load targets (large), the sizes
  // reported beside them, and the size that only checks invariants.
  levels: number[];
  target: { few: number; many: number; most: number };
  // Requests each buyer sends in one scenario (the rate limit allows a burst of 60 a minute).
  perBuyer: number;
  maxRequests: number;
  // The seed-style baseline stops starting orders after this long.
  baselineSeconds: number;
  progress: boolean;
}

export interface ProductionResult {
  name: string;
  buyers: number;
  hosts: number;
  metrics: Metrics;
  // Percentiles over confirmed orders only: quick refusals after a sell-out must not flatter them.
  confirmed: { p50: number; p95: number; p99: number };
  // Instance CPU (the serving processes together) per answered request.
  cpuMs: number;
  checks: Check[];
}

interface Run {
  db: Firestore;
  hosts: { floor: Host; direct: Host; placeOrder: Host[]; optimistic: Host[] };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

// Each worker is one buyer; its requests go to the hosts in turn, one after another across all
// workers (a round-robin in front of the instances).
function hostWorkers(buyers: Buyer[], hosts: Host[]): Worker[] {
  let turn = 0;
  return buyers.map((buyer) => {
    const functions = getFunctions(buyer.app);
    const calls = hosts.map((host) => httpsCallableFromURL<unknown, PlaceOrderResponse>(functions, host.url, { timeout: 120_000 }));
    return (job: Job) => attempt((calls[turn++ % calls.length] as (typeof calls)[number])({ items: job.items, requestId: job.requestId }));
  });
}

function percentiles(latencies: number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number) : 0);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

// `split`: the units at two locations, half each (the product document as the backend writes it).
async function seed(db: Firestore, prefix: string, count: number, quantity: number, split = false): Promise<Map<string, number>> {
  const stock = new Map<string, number>();
  const half = Math.ceil(quantity / 2);
  const locations = { default: { onHand: half, committed: 0, held: 0 }, second: { onHand: quantity - half, committed: 0, held: 0 } };
  for (let i = 0; i < count; i += 100) {
    const batch = db.batch();
    for (let j = i; j < Math.min(count, i + 100); j++) {
      const id = uniqueId(prefix);
      const placed = split ? { onHand: quantity, committed: 0, held: 0, locations } : {};
      batch.set(db.collection("products").doc(id), { name: `Product ${id}`, price: 1000, currency: "EUR", quantity, status: "in_stock", revision: 1, ...placed });
      stock.set(id, quantity);
    }
    await batch.commit();
  }
  return stock;
}

async function scenario(
  run: Run,
  name: string,
  kind: "floor" | "direct" | "placeOrder",
  buyers: Buyer[],
  hosts: Host[],
  jobs: Job[],
  stock: Map<string, number> | undefined,
  progress: boolean,
  // Stop starting requests after this long (the seed-style baseline takes seconds per order).
  seconds?: number,
): Promise<ProductionResult> {
  const collection = kind === "direct" ? DIRECT_ORDERS : "orders";
  const count = async (of = collection) => (await run.db.collection(of).count().get()).data().count;
  const ordersBefore = stock ? await count() : 0;
  // Each order writes one event document in its commit (the yardsticks too): counted as an
  // invariant. Stock alerts (a sell-out's out_of_stock) are product events, counted apart.
  const events = kind === "direct" ? DIRECT_EVENTS : "events";
  const countOrderEvents = async () => (await run.db.collection(events).where("resource.type", "==", "order").count().get()).data().count;
  const countAlerts = async () => (await run.db.collection(events).where("type", "in", ["inventory.low_stock", "inventory.out_of_stock", "inventory.back_in_stock"]).count().get()).data().count;
  const eventsBefore = stock ? await countOrderEvents() : 0;
  const alertsBefore = stock ? await countAlerts() : 0;
  const cpu = () => {
    const snapshot = cpuSnapshot();
    return hosts.reduce((sum, host) => sum + (snapshot.get(host.pid)?.ms ?? 0), 0);
  };
  const cpuBefore = cpu();
  const until = seconds === undefined ? undefined : performance.now() + seconds * 1000;
  const attempts = await runJobs(jobs, hostWorkers(buyers, hosts), { label: `${name} ${buyers.length} buyers`, progress, until });
  const cpuMs = cpu() - cpuBefore;
  const answered = kind === "floor" ? (a: Attempt) => a.ok : undefined;
  const metrics = summarize(attempts, answered);
  const created = stock ? (await count()) - ordersBefore : 0;
  const eventsWritten = stock ? (await countOrderEvents()) - eventsBefore : 0;
  const alertsWritten = stock ? (await countAlerts()) - alertsBefore : 0;
  const checks = stock
    ? [
        ...(await checkStock(run.db, attempts, stock)),
        ...(await checkOrders(run.db, attempts, created, collection)),
        { name: "one event document per order, no more", ok: eventsWritten === created, detail: `${eventsWritten} events for ${created} orders` },
        // Without reorder points a sell-out crosses one line (out of stock), once, whatever the orders.
        { name: "stock alerts once per crossing, not per order", ok: alertsWritten <= stock.size, detail: `${alertsWritten} alert events for ${stock.size} product(s)` },
      ]
    : [];
  return {
    name,
    buyers: buyers.length,
    hosts: hosts.length,
    metrics,
    confirmed: percentiles(attempts.filter((a) => a.ok).map((a) => a.latencyMs)),
    cpuMs: metrics.confirmed + metrics.refused ? cpuMs / (metrics.confirmed + metrics.refused) : 0,
    checks,
  };
}

// Buyers as production sees them: verified email addresses (REQUIRE_VERIFIED_EMAIL is on where
// functions deploy), with fresh tokens that say so.
export async function verifyBuyers(buyers: Buyer[]): Promise<void> {
  for (let i = 0; i < buyers.length; i += 25) {
    await Promise.all(
      buyers.slice(i, i + 25).map(async (buyer) => {
        await getAuth(shopApp()).updateUser(buyer.uid, { emailVerified: true });
        const { getAuth: clientAuth } = await import("firebase/auth");
        await clientAuth(buyer.app).currentUser?.getIdToken(true);
      }),
    );
  }
}

export async function runProduction(buyers: Buyer[], options: ProductionOptions): Promise<{ results: ProductionResult[]; targets: { name: string; ok: boolean; value: number }[]; info: { name: string; value: number }[] }> {
  // A project of its own, emptied first: the emulator slows as documents pile up.
  await fetch(`http://${FIRESTORE_HOST}/emulator/v1/projects/${BENCH_PROJECT}/databases/(default)/documents`, { method: "DELETE" });
  const app = initializeAdminApp({ projectId: BENCH_PROJECT }, "bench-production");
  const proxy = await startFirestoreProxy(options.rttMs);
  const env = productionEnv(proxy.host, BENCH_PROJECT);
  const started: Host[] = [];
  const host = async (target: string, source: string) => {
    const h = await startHost(target, source, await freePort(), env);
    started.push(h);
    return h;
  };
  try {
    const run: Run = {
      db: getFirestore(app),
      hosts: {
        floor: await host("floor", YARDSTICKS),
        direct: await host("direct", YARDSTICKS),
        placeOrder: [await host("placeOrder", FUNCTIONS_LIB), await host("placeOrder", FUNCTIONS_LIB), await host("placeOrder", FUNCTIONS_LIB)],
        optimistic: [await host("optimistic", YARDSTICKS), await host("optimistic", YARDSTICKS), await host("optimistic", YARDSTICKS)],
      },
    };
    const { floor, direct, placeOrder, optimistic } = run.hosts;
    const one = placeOrder.slice(0, 1);
    const results: ProductionResult[] = [];
    // One account per buyer, and none meets its rate limit (a burst of 60, then one a second):
    // small sizes send many requests per buyer, so each of their scenarios has accounts of its
    // own; large sizes send a few per buyer and share the first accounts.
    const large = Math.max(...options.levels, options.target.most);
    let nextBuyer = large;
    const pool = (n: number) => {
      if (n * options.perBuyer > options.maxRequests) return buyers.slice(0, n);
      const slice = buyers.slice(nextBuyer, nextBuyer + n);
      nextBuyer += n;
      if (slice.length < n) throw new Error(`production mode needs more than ${buyers.length} buyers`);
      return slice;
    };
    const requestsFor = (n: number) => Math.min(options.maxRequests, n * options.perBuyer);
    // Warm each process (module load, first connections) before it is measured.
    const warmers = pool(4);
    const kindOf = (h: Host) => (h === floor ? "floor" : placeOrder.includes(h) ? "placeOrder" : "direct");
    for (const h of [floor, direct, ...placeOrder, ...optimistic]) {
      const stock = await seed(run.db, "warm", 4, 1000);
      await scenario(run, "warm-up", kindOf(h), warmers, [h], jobsFor(24, [...stock.keys()]), undefined, false);
    }
    for (const n of options.levels) {
      const requests = requestsFor(n);
      const few = pool(n);
      // Each process gets used to this many requests at once (its first such bursts cost more
      // CPU: heap growth, code paths compiled for the first time), every process alike.
      if (n * options.perBuyer > options.maxRequests) {
        const warm = await seed(run.db, "warm", 50, 1000);
        for (const h of [floor, direct, ...placeOrder, ...optimistic]) {
          await scenario(run, "warm-up", kindOf(h), few, [h], jobsFor(n * 2, [...warm.keys()]), undefined, false);
        }
      }
      const coldStock = await seed(run.db, "cold", Math.min(200, requests), requests);
      results.push(await scenario(run, "floor", "floor", few, [floor], jobsFor(requests, ["none"]), undefined, options.progress));
      results.push(await scenario(run, "direct (1 transaction)", "direct", few, [direct], jobsFor(requests, [...(await seed(run.db, "direct", Math.min(200, requests), requests)).keys()]), undefined, options.progress));
      results.push(await scenario(run, "cold", "placeOrder", few, one, jobsFor(requests, [...coldStock.keys()]), coldStock, options.progress));
      // The hot product never runs out here: the latency of buying it, not of being refused.
      const hotStock = await seed(run.db, "hot", 1, requests);
      results.push(await scenario(run, "hot", "placeOrder", pool(n), one, jobsFor(requests, [...hotStock.keys()]), hotStock, options.progress));
      if (n === options.target.few || n === options.target.many) {
        const spreadStock = await seed(run.db, "hot3", 1, requests);
        results.push(await scenario(run, "hot, 3 instances", "placeOrder", pool(n), placeOrder, jobsFor(requests, [...spreadStock.keys()]), spreadStock, options.progress));
      }
      // A hot product whose units are at two locations: each batch places its orders on both.
      if (n === options.target.many) {
        const splitStock = await seed(run.db, "hot2loc", 1, requests, true);
        results.push(await scenario(run, TWO_LOCATIONS, "placeOrder", pool(n), one, jobsFor(requests, [...splitStock.keys()]), splitStock, options.progress));
      }
      // At a few buyers only: with many, bare optimistic orders mostly lose (unavailable after
      // 50 races) and take most of a minute.
      if (n === options.target.few) {
        const optimisticStock = await seed(run.db, "optimistic", 1, requests);
        results.push(await scenario(run, OPTIMISTIC, "direct", pool(n), optimistic, jobsFor(requests, [...optimisticStock.keys()]), optimisticStock, options.progress));
      }
      if (n === options.target.many) {
        const baselineStock = await seed(run.db, "baseline", 1, requests);
        results.push(await scenario(run, "seed-style baseline (hot)", "direct", few, [direct], jobsFor(requests, [...baselineStock.keys()]), undefined, options.progress, options.baselineSeconds));
      }
    }
    // A flash sale that sells out, for the invariants at the largest size.
    const most = options.target.most;
    const requests = requestsFor(most);
    const saleStock = await seed(run.db, "sale", 1, Math.floor(requests * 0.8));
    results.push(await scenario(run, "hot sell-out, 3 instances", "placeOrder", buyers.slice(0, most), placeOrder, jobsFor(requests, [...saleStock.keys()]), saleStock, options.progress));
    const coldStock = await seed(run.db, "cold", 200, requests);
    results.push(await scenario(run, "cold", "placeOrder", buyers.slice(0, most), one, jobsFor(requests, [...coldStock.keys()]), coldStock, options.progress));
    return { results, targets: productionTargets(results, options), info: productionInfo(results, options) };
  } finally {
    await Promise.all(started.map((h) => h.stop()));
    await proxy.stop();
    await deleteApp(app);
  }
}

function find(results: ProductionResult[], name: string, buyers: number): ProductionResult {
  const found = results.find((r) => r.name === name && r.buyers === buyers);
  if (!found) throw new Error(`no ${name} run at ${buyers} buyers`);
  return found;
}

export function productionTargets(results: ProductionResult[], options: Pick<ProductionOptions, "target">): { name: string; ok: boolean; value: number }[] {
  const { few, many, most } = options.target;
  const ratio = (a: number, b: number) => a / Math.max(b, 1e-9);
  const at = (n: number) => ({
    direct: find(results, "direct (1 transaction)", n),
    cold: find(results, "cold", n),
    hot: find(results, "hot", n),
    spread: find(results, "hot, 3 instances", n),
  });
  const low = at(few);
  const high = at(many);
  const baseline = find(results, "seed-style baseline (hot)", many);
  const checked = results.filter((r) => [few, many, most].includes(r.buyers));
  const targets = [
    { name: `${few} buyers: cold p50 <= 1.1x direct p50`, value: ratio(low.cold.metrics.p50, low.direct.metrics.p50), limit: 1.1 },
    { name: `${few} buyers: hot p95 <= 3x cold p95 (confirmed orders)`, value: ratio(low.hot.confirmed.p95, low.cold.confirmed.p95), limit: 3 },
    { name: `${few} buyers, 3 instances: hot p95 <= 3x cold p95`, value: ratio(low.spread.confirmed.p95, low.cold.confirmed.p95), limit: 3 },
    { name: `${many} buyers: hot p95 <= 3x cold p95 (confirmed orders)`, value: ratio(high.hot.confirmed.p95, high.cold.confirmed.p95), limit: 3 },
    { name: `${many} buyers, 3 instances: hot p95 <= 3x cold p95`, value: ratio(high.spread.confirmed.p95, high.cold.confirmed.p95), limit: 3 },
    { name: `${many} buyers: instance CPU per cold order <= 1.3x direct`, value: ratio(high.cold.cpuMs, high.direct.cpuMs), limit: 1.3 },
    { name: `${many} buyers: instance CPU per hot order <= 1.5x cold`, value: ratio(high.hot.cpuMs, high.cold.cpuMs), limit: 1.5 },
  ].map((t) => ({ name: t.name, ok: t.value <= t.limit, value: t.value }));
  targets.push({ name: `${many} buyers: hot/seed-style baseline throughput >= 20`, ok: ratio(high.hot.metrics.confirmedPerSecond, baseline.metrics.confirmedPerSecond) >= 20, value: ratio(high.hot.metrics.confirmedPerSecond, baseline.metrics.confirmedPerSecond) });
  const errors = checked.filter((r) => r.name !== "seed-style baseline (hot)" && r.name !== OPTIMISTIC).reduce((sum, r) => sum + r.metrics.otherErrors, 0);
  targets.push({ name: `zero errors at ${few}, ${many} and ${most} buyers`, ok: errors === 0, value: errors });
  const violated = checked.flatMap((r) => r.checks.filter((c) => !c.ok));
  targets.push({ name: `every invariant at ${few}, ${many} and ${most} buyers`, ok: violated.length === 0, value: violated.length });
  return targets;
}

// Side by side with the bare optimistic yardstick (information: what the hot path's 3-instance
// p95 is against the least several uncoordinated instances can do on one document).
export function productionInfo(results: ProductionResult[], options: Pick<ProductionOptions, "target">): { name: string; value: number }[] {
  const n = options.target.few;
  const p95 = (name: string) => Math.max(find(results, name, n).confirmed.p95, 1e-9);
  const many = options.target.many;
  const at = (name: string, buyers: number) => find(results, name, buyers);
  return [
    { name: `${n} buyers: ${OPTIMISTIC} p95 / cold p95`, value: p95(OPTIMISTIC) / p95("cold") },
    { name: `${n} buyers: hot, 3 instances p95 / ${OPTIMISTIC} p95`, value: p95("hot, 3 instances") / p95(OPTIMISTIC) },
    // Stock at two locations: placing units on both in memory costs the hot path next to nothing.
    { name: `${many} buyers: ${TWO_LOCATIONS} p95 / hot p95`, value: at(TWO_LOCATIONS, many).confirmed.p95 / Math.max(at("hot", many).confirmed.p95, 1e-9) },
    { name: `${many} buyers: ${TWO_LOCATIONS} CPU / hot CPU`, value: at(TWO_LOCATIONS, many).cpuMs / Math.max(at("hot", many).cpuMs, 1e-9) },
  ];
}

export const PRODUCTION_HEADERS = ["scenario", "buyers", "instances", "requests", "answered/s", "p50 ms", "p95 ms", "p99 ms", "confirmed p95 ms", "CPU ms/req", "confirmed", "refused", "errors", "invariants"];

export function productionRow(r: ProductionResult): (string | number)[] {
  const m = r.metrics;
  return [
    r.name,
    r.buyers,
    r.hosts,
    m.requests,
    fmt(m.decidedPerSecond),
    fmt(m.p50, 0),
    fmt(m.p95, 0),
    fmt(m.p99, 0),
    fmt(r.confirmed.p95, 0),
    fmt(r.cpuMs, 2),
    m.confirmed,
    m.refused,
    m.otherErrors ? `${m.otherErrors} ${JSON.stringify(m.otherErrorCodes)}` : 0,
    r.checks.length === 0 ? "-" : r.checks.every((c) => c.ok) ? "ok" : "VIOLATED",
  ];
}

export function printProduction(results: ProductionResult[], rttMs: number): void {
  const table = new Table({ head: PRODUCTION_HEADERS });
  for (const r of results) table.push(productionRow(r));
  console.log(`\nProduction-shaped mode (Functions Framework processes, Firestore ${rttMs} ms round trip away, rate limit on, one account per buyer)`);
  console.log(table.toString());
  for (const r of results) for (const c of r.checks.filter((check) => !check.ok)) console.log(`  violated in ${r.name} (${r.buyers} buyers): ${c.name}: ${c.detail}`);
}

// The accounts the production-shaped mode needs (see runProduction's pool).
export function productionBuyersNeeded(options: ProductionOptions): number {
  const large = Math.max(...options.levels, options.target.most);
  const small = options.levels.filter((n) => n * options.perBuyer <= options.maxRequests);
  return large + 4 + small.reduce((sum, n) => sum + n * (n === options.target.few ? 4 : n === options.target.many ? 4 : 2), 0);
}
