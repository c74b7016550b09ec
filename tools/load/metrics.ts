// Throughput and latency of one run of attempts.
import { quantileSorted } from "simple-statistics";
import type { Attempt } from "./loadRunner";

export interface Metrics {
  requests: number;
  confirmed: number;
  // Refused as expected: for stock (or, for the floor yardstick, at validation).
  refused: number;
  otherErrors: number;
  otherErrorCodes: Record<string, number>;
  seconds: number;
  // Requests that got a decision (confirmed or refused for stock) per second of wall time.
  decidedPerSecond: number;
  confirmedPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

// How the tools print numbers: fixed digits, one by default.
export const fmt = (n: number, digits = 1): string => n.toFixed(digits);

export function isStockRefusal(attempt: Attempt): boolean {
  return !attempt.ok && attempt.reason === "insufficient-stock";
}

// `answered`: refusals that are the expected answer besides stock refusals (the floor
// yardstick's requests are all refused at validation, on purpose).
export function summarize(attempts: Attempt[], answered: (attempt: Attempt) => boolean = isStockRefusal): Metrics {
  const confirmed = attempts.filter((a) => a.ok).length;
  const refused = attempts.filter((a) => !a.ok && answered(a)).length;
  const others = attempts.filter((a) => !a.ok && !answered(a));
  const otherErrorCodes: Record<string, number> = {};
  for (const attempt of others) otherErrorCodes[attempt.code ?? "unknown"] = (otherErrorCodes[attempt.code ?? "unknown"] ?? 0) + 1;
  const start = Math.min(...attempts.map((a) => a.startedAt));
  const end = Math.max(...attempts.map((a) => a.endedAt));
  const seconds = attempts.length ? (end - start) / 1000 : 0;
  const latencies = attempts.map((a) => a.latencyMs).sort((a, b) => a - b);
  const q = (p: number) => (latencies.length ? quantileSorted(latencies, p) : 0);
  return {
    requests: attempts.length,
    confirmed,
    refused,
    otherErrors: others.length,
    otherErrorCodes,
    seconds,
    decidedPerSecond: seconds ? (confirmed + refused) / seconds : 0,
    confirmedPerSecond: seconds ? confirmed / seconds : 0,
    p50: q(0.5),
    p95: q(0.95),
    p99: q(0.99),
  };
}
