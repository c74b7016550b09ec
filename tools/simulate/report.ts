// The simulation's console summary and its HTML report.
import Table from "cli-table3";
import { quantileSorted } from "simple-statistics";
import { fmt } from "../load/metrics";
import { htmlReport, htmlTable, verdict } from "../report/charts";
import { JOB_KINDS, type SimulationJob } from "./plan";
import type { SimulationResult } from "./simulation";


function outcomeOf(result: SimulationResult["attempts"][number]): string {
  if (result.ok) return "confirmed";
  if (result.reason === "insufficient-stock") return "refused: stock";
  return result.code?.replace(/^functions\//, "") ?? "error";
}

export function outcomesByKind(result: SimulationResult): { kind: string; outcome: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const attempt of result.attempts) {
    const key = `${(attempt.job as SimulationJob).kind}\u0000${outcomeOf(attempt)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => {
    const [kind, outcome] = key.split("\u0000") as [string, string];
    return { kind, outcome, count };
  });
}

export function speedTargets(result: SimulationResult): { name: string; ok?: boolean; value: string }[] {
  const seconds = result.emailTimes.map((e) => e.seconds).sort((a, b) => a - b);
  const emailP95 = seconds.length ? quantileSorted(seconds, 0.95) : undefined;
  const floorP99 = result.floor?.p99;
  return [
    { name: "order-to-email p95 <= 5 s", ok: emailP95 === undefined ? undefined : emailP95 <= 5, value: emailP95 === undefined ? "no emails" : `${fmt(emailP95)} s` },
    {
      name: "p99 latency of any request <= 3x floor p99",
      ok: floorP99 ? result.metrics.p99 <= 3 * floorP99 : undefined,
      value: floorP99 ? `${fmt(result.metrics.p99 / floorP99, 2)}x (p99 ${fmt(result.metrics.p99, 0)} ms, floor p99 ${fmt(floorP99, 0)} ms)` : "no floor measured (--cold)",
    },
  ];
}

export function printSummary(result: SimulationResult): void {
  const m = result.metrics;
  const summary = new Table({ head: ["requests", "seconds", "confirmed/s", "decided/s", "p50 ms", "p95 ms", "p99 ms", "max ms"] });
  const max = Math.max(0, ...result.attempts.map((a) => a.latencyMs));
  summary.push([m.requests, fmt(m.seconds), fmt(m.confirmedPerSecond), fmt(m.decidedPerSecond), fmt(m.p50, 0), fmt(m.p95, 0), fmt(m.p99, 0), fmt(max, 0)]);
  console.log(summary.toString());

  const rows = outcomesByKind(result);
  const outcomes = [...new Set(rows.map((r) => r.outcome))].sort();
  const byKind = new Table({ head: ["kind", ...outcomes, "total"] });
  for (const kind of JOB_KINDS) {
    const mine = rows.filter((r) => r.kind === kind);
    if (!mine.length) continue;
    byKind.push([kind, ...outcomes.map((o) => mine.find((r) => r.outcome === o)?.count ?? 0), mine.reduce((sum, r) => sum + r.count, 0)]);
  }
  console.log(byKind.toString());

  console.log("\nSpeed targets (measured side by side in this run; not part of the verdict)");
  for (const target of speedTargets(result)) console.log(`  ${target.ok === undefined ? "n/a " : target.ok ? "PASS" : "MISS"}  ${target.name}: ${target.value}`);

  console.log("\nVerdict");
  for (const check of result.checks) console.log(`  ${check.ok ? "PASS" : "FAIL"}  ${check.name}: ${check.detail}`);
  console.log(`\n${result.ok ? "All checks passed." : "SOME CHECKS FAILED."}`);
}

export async function simulationHtml(result: SimulationResult): Promise<string> {
  const m = result.metrics;
  const names = new Map(result.plan.products.map((p) => [p.id, p.name]));
  const o = result.options;
  return htmlReport("Shop simulation", [
    {
      title: "Run",
      html: htmlTable(
        ["users", "products", "stock each", "orders", "concurrency", "hot", "seed"],
        [[o.users, o.products, o.stock, result.plan.jobs.length, o.concurrency, o.hot ? "yes" : "no", o.seed]],
      ),
    },
    { title: "Verdict", html: htmlTable(["check", "detail", "verdict"], result.checks.map((c) => [c.name, c.detail, verdict(c.ok)])) },
    {
      title: "Throughput and latency",
      html: htmlTable(
        ["requests", "seconds", "confirmed/s", "decided/s", "p50 ms", "p95 ms", "p99 ms"],
        [[m.requests, fmt(m.seconds), fmt(m.confirmedPerSecond), fmt(m.decidedPerSecond), fmt(m.p50, 0), fmt(m.p95, 0), fmt(m.p99, 0)]],
      ),
    },
    {
      title: "Stock of each product over time (as clients read it)",
      chart: {
        width: 700,
        height: 300,
        data: { values: result.stock.map((p) => ({ ...p, product: names.get(p.productId) ?? p.productId })) },
        mark: { type: "line", interpolate: "step-after", point: false },
        encoding: {
          x: { field: "seconds", type: "quantitative", title: "seconds since the first order" },
          y: { field: "quantity", type: "quantitative", title: "units in stock" },
          color: { field: "product", type: "nominal" },
        },
      },
    },
    {
      title: "Outcomes by kind of request",
      chart: {
        width: 500,
        data: { values: outcomesByKind(result) },
        mark: "bar",
        encoding: {
          x: { field: "kind", type: "nominal", sort: JOB_KINDS },
          y: { field: "count", type: "quantitative", title: "requests" },
          color: { field: "outcome", type: "nominal" },
        },
      },
    },
    {
      title: "Latency distribution (ms)",
      chart: {
        width: 600,
        data: { values: result.attempts.map((a) => ({ ms: Math.round(a.latencyMs), outcome: outcomeOf(a) })) },
        mark: "bar",
        encoding: {
          x: { field: "ms", type: "quantitative", bin: { maxbins: 40 }, title: "latency (ms)" },
          y: { aggregate: "count", type: "quantitative", title: "requests" },
          color: { field: "outcome", type: "nominal" },
        },
      },
    },
    {
      title: "Time from order to confirmation email (s)",
      chart: {
        width: 600,
        data: { values: result.emailTimes },
        mark: "bar",
        encoding: {
          x: { field: "seconds", type: "quantitative", bin: { maxbins: 30 }, title: "seconds from order to email sent" },
          y: { aggregate: "count", type: "quantitative", title: "orders" },
        },
      },
    },
  ]);
}
