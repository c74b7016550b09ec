// Runs order jobs through a pool of concurrent workers (one signed-in client each) and
// records every attempt with its timing. Shared by `npm run bench` and `npm run simulate`.
import { SingleBar, Presets } from "cli-progress";
import { attempt, callable, type Buyer, type CallOutcome, type PlaceOrderResponse } from "../testkit/buyers";

export interface Job {
  items: { productId: string; quantity: number }[];
  requestId: string;
  // Free-form label kept with the attempt (e.g. "replay", "invalid").
  kind?: string;
  // Sent instead of {items, requestId} when set (e.g. a deliberately invalid request).
  payload?: unknown;
  // Index of the buyer who places it (buyerWorkers); otherwise whoever runs it.
  buyer?: number;
  // Checkout first: hold the items (holdStock), then pay (placeOrder with the hold), walk away
  // (the hold expires later) or release it.
  hold?: "pay" | "abandon" | "release";
}

export interface Attempt {
  job: Job;
  worker: number;
  startedAt: number;
  endedAt: number;
  latencyMs: number;
  ok: boolean;
  code?: string;
  reason?: string;
  available?: number;
  // The product a refusal names.
  productId?: string;
  orderId?: string;
  response?: PlaceOrderResponse;
}

export type Worker = (job: Job) => Promise<CallOutcome<PlaceOrderResponse>>;

// A buyer placing each job through the real callable, as the shop's app does.
export function callableWorker(buyer: Buyer): Worker {
  return (job) => (job.hold ? checkout(buyer, job) : attempt(buyer.placeOrder(job.payload ?? { items: job.items, requestId: job.requestId })));
}

// Hold, then pay / abandon / release. A refused hold is the attempt's answer; a paid one
// answers with the order; an abandoned or released one succeeds without an order.
async function checkout(buyer: Buyer, job: Job): Promise<CallOutcome<PlaceOrderResponse>> {
  const held = await attempt(callable<{ holdId: string }>(buyer.app, "holdStock")({ items: job.items, requestId: job.requestId }));
  if (!held.ok || !held.value) return { ...held, value: undefined };
  if (job.hold === "pay") return attempt(buyer.placeOrder({ holdId: held.value.holdId, requestId: `${job.requestId}-pay` }));
  if (job.hold === "release") {
    const released = await attempt(callable<unknown>(buyer.app, "releaseHold")({ holdId: held.value.holdId }));
    return { ...released, value: undefined };
  }
  return { ok: true };
}

// The runtime's floor: the same callable, same auth, refused at validation before any
// Firestore work. Whatever placeOrder costs beyond this is ours.
export function floorWorker(buyer: Buyer): Worker {
  const call = callableWorker(buyer);
  return (job) => call({ ...job, payload: { items: [], requestId: job.requestId } });
}

export const isValidationRefusal = (attempt: Attempt): boolean => attempt.code === "functions/invalid-argument";

// `count` workers that place each job as the buyer the job names, so one buyer's retry of
// a requestId really comes from that buyer.
export function buyerWorkers(buyers: Buyer[], count: number): Worker[] {
  const place: Worker = (job) => {
    const buyer = buyers[job.buyer ?? 0];
    if (!buyer) throw new Error(`job names buyer ${job.buyer} of ${buyers.length}`);
    return callableWorker(buyer)(job);
  };
  return Array.from({ length: count }, () => place);
}

export async function runJobs(
  jobs: Job[],
  workers: Worker[],
  // `until` (performance.now() ms): stop starting new jobs then, for runs capped in time.
  options: { label?: string; progress?: boolean; until?: number } = {},
): Promise<Attempt[]> {
  const attempts: Attempt[] = [];
  const bar = options.progress
    ? new SingleBar({ format: `${options.label ?? "orders"} [{bar}] {value}/{total} {eta_formatted}`, hideCursor: true }, Presets.shades_classic)
    : undefined;
  bar?.start(jobs.length, 0);
  let next = 0;
  await Promise.all(
    workers.map(async (work, worker) => {
      while (next < jobs.length && (options.until === undefined || performance.now() < options.until)) {
        const job = jobs[next++] as Job;
        const startedAt = performance.now();
        const outcome = await work(job);
        const endedAt = performance.now();
        const details = outcome.details ?? {};
        attempts.push({
          job,
          worker,
          startedAt,
          endedAt,
          latencyMs: endedAt - startedAt,
          ok: outcome.ok,
          code: outcome.code,
          reason: typeof details.reason === "string" ? details.reason : undefined,
          available: typeof details.available === "number" ? details.available : undefined,
          productId: typeof details.productId === "string" ? details.productId : undefined,
          orderId: outcome.value?.orderId,
          response: outcome.value,
        });
        bar?.increment();
      }
    }),
  );
  bar?.stop();
  return attempts.sort((a, b) => a.startedAt - b.startedAt);
}
