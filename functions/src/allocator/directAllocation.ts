// The common case: orders for products nobody else is committing right now are decided with one
// read (the orders, their products and hot markers, the buyers' rate-limit buckets, plus
// purchase counters for limited products) and one atomic commit. The commit is guarded instead
// of locked: each document is written only if unchanged since it was read, each order only if it
// doesn't exist yet. So it is as safe as a transaction, holds no locks while the function thinks,
// and a lost race fails at once rather than waiting on a lock. Several orders of one instance
// for the same product go in one read and one commit together (lanes/localCombiner.ts). A product that
// is hot across instances (being combined in its queue, or combined moments ago) is left to the
// queue, and so is an order whose commit keeps losing races on a product.
import type { DocumentReference, DocumentSnapshot } from "firebase-admin/firestore";
import type { Clock } from "../budget";
import { db } from "../firestore/db";
import { guardedWriter, lostRace } from "../firestore/guardedCommit";
import { leaseRef, productRef, rateLimitRef } from "../firestore/paths";
import { readBucket, takeToken, type Bucket } from "../model/tokenBucket";
import type { Refusal } from "../model/refusals";
import { planAllocation, type Decision, type AllocationRequest } from "./allocationPlan";
import { shopPlacement } from "./placement";
import { buyerHoldsRefsOf, existingOrders, holdRefsOf, productIdsOf, readBoughtBefore, readBuyerHoldsOf, readHolds, readProducts, resultRef, writePlan } from "./allocationWrites";
import { hotUntil } from "./hotProducts";
import type { LeaseData } from "./queue/allocatorLease";
import { firstInQueueOrder } from "./queueChoice";

export type DirectResult =
  | { kind: "decided"; decision: Decision }
  // Hot: queue under `productId` (hot until `until`, epoch ms). `bucket`: the buyer's rate-limit
  // bucket as read, for the token the queued request takes; `lease`: the product's lease as read.
  | { kind: "hot"; productId: string; until: number; bucket?: DocumentSnapshot; lease?: DocumentSnapshot }
  // The commit lost a race; `productId` is the product written meanwhile (the contended one),
  // when a fresh read finds one (else it was a buyer's own documents). `products`: the products
  // as read, to find that out (contendedProduct) only when it matters.
  // `read`: every document as read for this attempt (to try again without reading them again).
  | { kind: "contended"; productId?: string; products?: DocumentSnapshot[]; read?: DocumentSnapshot[] };

// Which product someone else wrote since the lost commit read it, if any (one more read).
export async function contendedProduct(read: DocumentSnapshot[]): Promise<string | undefined> {
  if (read.length === 0) return undefined;
  const fresh = await db()
    .getAll(...read.map((snapshot) => snapshot.ref))
    .catch(() => []);
  return changedProduct(read, fresh);
}

// Of the products as read before a lost commit and as read now, the first (in queue order)
// that someone else wrote in between.
export function changedProduct(before: DocumentSnapshot[], after: DocumentSnapshot[]): string | undefined {
  const changed = before.filter((snapshot, index) => {
    const now = after[index];
    return now !== undefined && (snapshot.exists !== now.exists || !(snapshot.updateTime && now.updateTime && snapshot.updateTime.isEqual(now.updateTime)));
  });
  return firstInQueueOrder(changed.map((snapshot) => snapshot.id));
}

// Takes each request's rate-limit token from its buyer's bucket as read, in request order (a
// buyer with two requests in one group takes two). Undefined: no token left for that request.
function takeTokens(requests: AllocationRequest[], buckets: Map<string, DocumentSnapshot>, now: number, perMinute: number): { refusals: (Refusal | undefined)[]; after: Map<string, Bucket> } {
  const after = new Map<string, Bucket>();
  if (perMinute <= 0) return { refusals: [], after };
  const refusals = requests.map((request): Refusal | undefined => {
    const current = after.get(request.uid) ?? readBucket(buckets.get(request.uid)?.data());
    const taken = takeToken(current, now, perMinute);
    if ("retryAfterSeconds" in taken) return { reason: "rate-limited", retryAfterSeconds: taken.retryAfterSeconds, limitPerMinute: perMinute };
    after.set(request.uid, taken.bucket);
    return undefined;
  });
  return { refusals, after };
}

// Reads documents in one getAll, except those in `known` (as read before, or as a listener
// brought them): those are taken as they are, and the guarded commit catches any that changed.
// Everything it returns is added to `seen`.
function readThrough(known: ReadonlyMap<string, DocumentSnapshot> | undefined, seen: DocumentSnapshot[]) {
  return {
    async getAll(...refs: DocumentReference[]): Promise<DocumentSnapshot[]> {
      const missing = refs.filter((ref) => !known?.has(ref.path));
      const fetched = new Map((missing.length ? await db().getAll(...missing) : []).map((snapshot) => [snapshot.ref.path, snapshot]));
      const snapshots = refs.map((ref) => (known?.get(ref.path) ?? fetched.get(ref.path)) as DocumentSnapshot);
      seen.push(...snapshots);
      return snapshots;
    },
  };
}

// What a group reads besides its products, in this order: the requests' results, the products'
// leases, the holds and hold records involved, the buyers' rate-limit buckets.
function buyerRefsOf(requests: AllocationRequest[], rateLimitPerMinute: number) {
  const holdRefs = holdRefsOf(requests);
  const buyerHoldsRefs = buyerHoldsRefsOf(requests);
  const uids = rateLimitPerMinute > 0 ? [...new Set(requests.map((request) => request.uid))] : [];
  const others = [...requests.map(resultRef), ...productIdsOf(requests).map(leaseRef), ...holdRefs, ...buyerHoldsRefs, ...uids.map(rateLimitRef)];
  return { holdRefs, buyerHoldsRefs, uids, others };
}

// Reads what a request's commit needs besides its products, ahead of its commit: a request that
// arrives while its lane's commit is in flight has them by the time it goes (lanes/localCombiner.ts).
export function prefetch(request: AllocationRequest, rateLimitPerMinute: number): Promise<DocumentSnapshot[]> {
  return db().getAll(...buyerRefsOf([request], rateLimitPerMinute).others);
}

// Decides a group of requests (distinct order ids) in one read and one guarded commit. Each
// gets its own result: decided (the order, a replay, or a refusal: every one of them took its
// rate-limit token in the commit, or was refused for lack of one), hot, or contended. `known`:
// documents not to read again (a lost commit's reads, with the products a listener brought).
// Also returns the products as the group went on them, and whether its commit changed them.
export async function allocateGroup(
  requests: AllocationRequest[],
  clock: Clock,
  rateLimitPerMinute = 0,
  known?: ReadonlyMap<string, DocumentSnapshot>,
): Promise<{ results: DirectResult[]; products: DocumentSnapshot[]; changedProducts: boolean }> {
  const productIds = productIdsOf(requests);
  let productSnapshots: DocumentSnapshot[] = [];
  const results: DirectResult[] = [];
  const seen: DocumentSnapshot[] = [];
  const reader = readThrough(known, seen);
  try {
    const { holdRefs, buyerHoldsRefs, uids, others } = buyerRefsOf(requests, rateLimitPerMinute);
    // The locations' priorities (cached) come with the read, not after it.
    const [snapshots, placement] = await Promise.all([reader.getAll(...productIds.map(productRef), ...others), shopPlacement()]);
    const now = clock();
    let at = 0;
    const take = (count: number) => snapshots.slice(at, (at += count));
    productSnapshots = take(productIds.length);
    const resultSnapshots = take(requests.length);
    const leases = take(productIds.length);
    const holdSnapshots = take(holdRefs.length);
    const buyerHoldsSnapshots = take(buyerHoldsRefs.length);
    const buckets = new Map(take(uids.length).map((snapshot) => [snapshot.id, snapshot]));

    const hotUntils = new Map(productIds.map((productId, index) => [productId, hotUntil(leases[index]?.data() as LeaseData | undefined)]));
    const hotOf = requests.map((request) => firstInQueueOrder(request.items.map((item) => item.productId).filter((productId) => (hotUntils.get(productId) ?? 0) > now)));
    // A hot request takes its token with its queued request instead: the others take theirs here.
    const charged = requests.filter((_, index) => !hotOf[index]);
    const { refusals, after } = takeTokens(charged, buckets, now, rateLimitPerMinute);
    const planned: AllocationRequest[] = [];
    requests.forEach((request, index) => {
      const hot = hotOf[index];
      if (hot) {
        const bucket = buckets.get(request.uid);
        const lease = leases[productIds.indexOf(hot)];
        results[index] = { kind: "hot", productId: hot, until: hotUntils.get(hot) ?? now, ...(bucket ? { bucket } : {}), ...(lease ? { lease } : {}) };
        return;
      }
      const refusal = refusals[charged.indexOf(request)];
      if (refusal) results[index] = { kind: "decided", decision: { kind: "refused", id: request.id, refusal } };
      else planned.push(request);
    });
    const tokens = new Map([...after].filter(([uid]) => planned.some((request) => request.uid === uid)));

    const products = readProducts(productIds, productSnapshots);
    const { bought, counters } = planned.length ? await readBoughtBefore(reader, planned, products) : { bought: new Map<string, number>(), counters: [] };
    const plan = planAllocation(planned, products, existingOrders(resultSnapshots), bought, readHolds(holdSnapshots), now, readBuyerHoldsOf(buyerHoldsSnapshots));
    // A refusal writes nothing a commit could check, so it is never decided on documents this
    // call took as known: its own commit may have landed though reported lost (the order exists,
    // the product as known has its units gone), or a replay in another tab placed it meanwhile.
    // Decide again on a fresh read (rare: only as stock runs out, one read per group).
    if (known && plan.decisions.some((decision) => decision.kind === "refused") && seen.some((snapshot) => known.get(snapshot.ref.path) === snapshot)) {
      return allocateGroup(requests, clock, rateLimitPerMinute);
    }
    const decisions = new Map(plan.decisions.map((decision) => [decision.id, decision]));
    requests.forEach((request, index) => {
      const decision = decisions.get(request.id);
      if (decision) results[index] = { kind: "decided", decision };
    });
    // Refusals and replays write nothing but their tokens.
    const confirmed = plan.decisions.some((decision) => decision.kind === "confirmed");
    if (!confirmed && tokens.size === 0) return { results, products: productSnapshots, changedProducts: false };
    const batch = db().batch();
    const writer = guardedWriter(batch, [...productSnapshots, ...counters, ...holdSnapshots, ...buyerHoldsSnapshots, ...buckets.values()]);
    if (confirmed) writePlan(writer, plan, products, placement);
    for (const [uid, bucket] of tokens) writer.set(rateLimitRef(uid), bucket);
    await batch.commit();
    return { results, products: productSnapshots, changedProducts: confirmed };
  } catch (error) {
    if (!lostRace(error)) throw error;
    // The hot ones and the rate-limited ones were answered by the read; the others lost the race.
    const answered = requests.map((_, index): DirectResult => {
      const result = results[index];
      if (result?.kind === "hot" || (result?.kind === "decided" && result.decision.kind === "refused" && result.decision.refusal.reason === "rate-limited")) return result;
      return { kind: "contended", products: productSnapshots, read: seen };
    });
    return { results: answered, products: productSnapshots, changedProducts: false };
  }
}
