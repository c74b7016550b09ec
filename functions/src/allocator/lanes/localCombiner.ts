// Combining inside one instance: an instance serves many requests at once (concurrency 80), so
// several orders for the same product often arrive while one of its commits is in flight. They
// wait for it and then go together, in one read and one guarded commit (allocateGroup). A lone
// order goes at once, alone: the plain direct path, with no extra wait. This costs nothing in
// guarantees (the group commits all or nothing, guarded like a single order) and turns a busy
// product's commits from one per order into one per round trip. Contention across instances is
// left to the guarded commit's retries (a lost commit is tried again as soon as a listener
// brings the product as the winner left it: productWatch.ts), with instances taking turns
// while they compete, and to the product's queue when it persists.
import { systemClock, type Clock } from "../../budget";
import { requestKey, type AllocationRequest } from "../allocationPlan";
import type { DocumentSnapshot } from "firebase-admin/firestore";
import { allocateGroup, prefetch, type DirectResult } from "../directAllocation";
import { laterProducts, newer } from "./productWatch";
import { CONTENDED_MS } from "../timing";

// Orders one commit carries at most (a write batch takes 500 writes; an order writes itself,
// its buyer's bucket and counters, and its share of the products' stock and ledger).
export const MAX_GROUP = 100;

// A request's commits that may lose a race before it leaves the lane (to the product's queue).
// With instances taking turns (below) a request rarely loses more than a few; reaching this
// means contention the lanes don't absorb, and the queue combines every instance's orders.
export const LANE_TRIES = 16;

// Lost commits in a row tried again on what was read before (the products as a listener brought
// them) before everything is read afresh: in case the commit lost on one of the other documents.
const TRIES_ON_KNOWN = 3;

interface Waiting {
  request: AllocationRequest;
  resolve: (result: DirectResult) => void;
  reject: (error: unknown) => void;
  losses: number;
  // Its documents besides the products, read while the lane's commit was in flight.
  prefetched?: Promise<DocumentSnapshot[]>;
}

interface Lane {
  flushing: boolean;
  waiting: Waiting[];
  // How long the last flush took (ms).
  flushMs: number;
  // What the next flush needn't read again, and how many flushes in a row went on such reads.
  known?: Map<string, DocumentSnapshot>;
  triesOnKnown: number;
  // When another instance last won a commit on the lane's products against this one (ms).
  contendedAt: number;
}

const lanes = new Map<string, Lane>();
// Requests of this instance being decided, by order id: a concurrent identical one (a replay
// from another tab) shares the answer instead of racing it.
const inFlight = new Map<string, { key: string; result: Promise<DirectResult> }>();

function reused(request: AllocationRequest): DirectResult {
  return { kind: "decided", decision: { kind: "refused", id: request.id, refusal: { reason: "request-id-reused", requestId: request.requestId } } };
}

// Decides `request` with the others of this instance for the same lane (its queue product and
// rate limit). A call with a clock of its own (a test's) goes alone, on its own time.
export function allocateCombined(lane: string, request: AllocationRequest, clock: Clock, rateLimitPerMinute: number): Promise<DirectResult> {
  if (clock !== systemClock) return allocateGroup([request], clock, rateLimitPerMinute).then(({ results }) => results[0] as DirectResult);
  const key = requestKey(request);
  const same = inFlight.get(request.id);
  if (same) return same.key === key ? same.result : Promise.resolve(reused(request));
  const result = new Promise<DirectResult>((resolve, reject) => {
    const laneKey = `${lane}\u0000${rateLimitPerMinute}`;
    let current = lanes.get(laneKey);
    if (!current) {
      current = { flushing: false, waiting: [], flushMs: 0, triesOnKnown: 0, contendedAt: 0 };
      lanes.set(laneKey, current);
    }
    const waiting: Waiting = { request, resolve, reject, losses: 0 };
    // Behind a commit in flight: read meanwhile what doesn't depend on it.
    if (current.flushing) waiting.prefetched = prefetch(request, rateLimitPerMinute).catch(() => []);
    current.waiting.push(waiting);
    if (!current.flushing) void flush(laneKey, current, rateLimitPerMinute);
  });
  inFlight.set(request.id, { key, result });
  const forget = () => inFlight.delete(request.id);
  result.then(forget, forget);
  return result;
}

// The latest version of each document among these reads (undefined: none).
function latest(...reads: Iterable<DocumentSnapshot>[]): Map<string, DocumentSnapshot> | undefined {
  const byPath = new Map<string, DocumentSnapshot>();
  for (const read of reads) {
    for (const snapshot of read) {
      const other = byPath.get(snapshot.ref.path);
      if (!other || (snapshot.exists && (!other.exists || newer(snapshot, other)))) byPath.set(snapshot.ref.path, snapshot);
    }
  }
  return byPath.size ? byPath : undefined;
}

async function flush(laneKey: string, lane: Lane, rateLimitPerMinute: number): Promise<void> {
  lane.flushing = true;
  try {
    while (lane.waiting.length) {
      const group = lane.waiting.splice(0, MAX_GROUP);
      const known = latest(lane.known?.values() ?? [], ...(await Promise.all(group.map((waiting) => waiting.prefetched ?? Promise.resolve([])))));
      lane.known = undefined;
      try {
        const started = Date.now();
        const { results, products, changedProducts } = await allocateGroup(
          group.map((waiting) => waiting.request),
          systemClock,
          rateLimitPerMinute,
          known,
        );
        lane.flushMs = Date.now() - started;
        // A lost commit is tried again here, the group together with whatever arrived meanwhile,
        // ahead of it; a request that lost LANE_TRIES times goes back to its caller.
        const again: Waiting[] = [];
        let lost: Extract<DirectResult, { kind: "contended" }> | undefined;
        for (const [index, waiting] of group.entries()) {
          const result = results[index] as DirectResult;
          if (result.kind === "contended") lost = result;
          if (result.kind !== "contended" || ++waiting.losses >= LANE_TRIES) waiting.resolve(result);
          else again.push(waiting);
          // What it read is in the lost commit's reads now, reused or not as they are.
          waiting.prefetched = undefined;
        }
        lane.waiting.unshift(...again);
        if (lost) lane.contendedAt = Date.now();
        if (lane.waiting.length === 0) break;
        if (again.length === 0) {
          lane.triesOnKnown = 0;
          // The next group goes on the products as this commit left them, which a listener
          // brings as soon as the commit is answered, instead of reading them again.
          let later = changedProducts ? await laterProducts(products, lane.flushMs) : undefined;
          // While other instances compete for the product, a winner lets one of them commit
          // first (waiting for its commit through the listener, at most two flushes' time).
          // Without this the instance that won once kept winning (it learns of its commit
          // first) and the others, losing every race, ended in the product's queue: at 80
          // buyers on 3 instances, ~90 orders/s and p95 2 s; taking turns, ~210/s and 0.9 s.
          if (later && Date.now() - lane.contendedAt < CONTENDED_MS) {
            const theirs = await laterProducts(later, 2 * lane.flushMs);
            if (theirs) lane.contendedAt = Date.now();
            later = theirs ?? later;
          }
          if (later) lane.known = new Map(later.map((snapshot) => [snapshot.ref.path, snapshot]));
        } else if (lane.triesOnKnown < TRIES_ON_KNOWN && lost?.read) {
          // Go again as soon as the product is seen as the winning commit left it, without
          // reading the rest again; if it isn't within one flush's time, read everything again.
          const later = await laterProducts(lost.products ?? [], lane.flushMs);
          if (later) lane.known = new Map([...lost.read, ...later].map((snapshot) => [snapshot.ref.path, snapshot]));
          lane.triesOnKnown = later ? lane.triesOnKnown + 1 : 0;
        } else {
          lane.triesOnKnown = 0;
          // A random pause of up to one flush's duration: the instances that meet on a product
          // spread out instead of meeting again, and each commit carries more orders.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * lane.flushMs));
        }
      } catch (error) {
        lane.triesOnKnown = 0;
        if (group.length === 1) {
          group[0]?.reject(error);
          continue;
        }
        // One request's broken documents must not fail the others: each on its own.
        for (const waiting of group) {
          await allocateGroup([waiting.request], systemClock, rateLimitPerMinute).then(
            ({ results }) => waiting.resolve(results[0] as DirectResult),
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
