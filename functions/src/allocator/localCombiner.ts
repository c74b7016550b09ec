// Combining inside one instance: an instance serves many requests at once (concurrency 80), so
// several orders for the same product often arrive while one of its commits is in flight. They
// wait for it and then go together, in one read and one guarded commit (allocateGroup). A lone
// order goes at once, alone: the plain direct path, with no extra wait. This costs nothing in
// guarantees (the group commits all or nothing, guarded like a single order) and turns a busy
// product's commits from one per order into one per round trip. Contention across instances is
// left to the guarded commit's retries, and to the product's queue when it persists.
import { systemClock, type Clock } from "../budget";
import { requestKey, type OrderRequest } from "./allocationPlan";
import { allocateGroup, type DirectResult } from "./directAllocation";

// Orders one commit carries at most (a write batch takes 500 writes; an order writes itself,
// its buyer's bucket and counters, and its share of the products' stock and ledger).
export const MAX_GROUP = 100;

// A request's commits that may lose a race before it leaves the lane (to the product's queue).
export const LANE_TRIES = 8;

interface Waiting {
  request: OrderRequest;
  resolve: (result: DirectResult) => void;
  reject: (error: unknown) => void;
  losses: number;
}

interface Lane {
  flushing: boolean;
  waiting: Waiting[];
  // How long the last flush took (ms).
  flushMs: number;
}

const lanes = new Map<string, Lane>();
// Requests of this instance being decided, by order id: a concurrent identical one (a replay
// from another tab) shares the answer instead of racing it.
const inFlight = new Map<string, { key: string; result: Promise<DirectResult> }>();

function reused(request: OrderRequest): DirectResult {
  return { kind: "decided", decision: { kind: "refused", orderId: request.orderId, refusal: { reason: "request-id-reused", requestId: request.requestId } } };
}

// Decides `request` with the others of this instance for the same lane (its queue product and
// rate limit). A call with a clock of its own (a test's) goes alone, on its own time.
export function allocateCombined(lane: string, request: OrderRequest, clock: Clock, rateLimitPerMinute: number): Promise<DirectResult> {
  if (clock !== systemClock) return allocateGroup([request], clock, rateLimitPerMinute).then((results) => results[0] as DirectResult);
  const key = requestKey(request);
  const same = inFlight.get(request.orderId);
  if (same) return same.key === key ? same.result : Promise.resolve(reused(request));
  const result = new Promise<DirectResult>((resolve, reject) => {
    const laneKey = `${lane}\u0000${rateLimitPerMinute}`;
    let current = lanes.get(laneKey);
    if (!current) {
      current = { flushing: false, waiting: [], flushMs: 0 };
      lanes.set(laneKey, current);
    }
    current.waiting.push({ request, resolve, reject, losses: 0 });
    if (!current.flushing) void flush(laneKey, current, rateLimitPerMinute);
  });
  inFlight.set(request.orderId, { key, result });
  const forget = () => inFlight.delete(request.orderId);
  result.then(forget, forget);
  return result;
}

async function flush(laneKey: string, lane: Lane, rateLimitPerMinute: number): Promise<void> {
  lane.flushing = true;
  try {
    while (lane.waiting.length) {
      const group = lane.waiting.splice(0, MAX_GROUP);
      try {
        const started = Date.now();
        const results = await allocateGroup(
          group.map((waiting) => waiting.request),
          systemClock,
          rateLimitPerMinute,
        );
        lane.flushMs = Date.now() - started;
        // A lost commit is tried again here, the group together with whatever arrived meanwhile,
        // ahead of it; a request that lost LANE_TRIES times goes back to its caller.
        const again: Waiting[] = [];
        for (const [index, waiting] of group.entries()) {
          const result = results[index] as DirectResult;
          if (result.kind !== "contended" || ++waiting.losses >= LANE_TRIES) waiting.resolve(result);
          else again.push(waiting);
        }
        if (again.length === 0) continue;
        lane.waiting.unshift(...again);
        // A random pause of up to one flush's duration: the instances that meet on a product
        // spread out instead of meeting again, and each commit carries more orders.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * lane.flushMs));
      } catch (error) {
        if (group.length === 1) {
          group[0]?.reject(error);
          continue;
        }
        // One request's broken documents must not fail the others: each on its own.
        for (const waiting of group) {
          await allocateGroup([waiting.request], systemClock, rateLimitPerMinute).then(
            (results) => waiting.resolve(results[0] as DirectResult),
            (alone: unknown) => waiting.reject(alone),
          );
        }
      }
    }
  } finally {
    lane.flushing = false;
    if (lane.waiting.length === 0) lanes.delete(laneKey);
  }
}
