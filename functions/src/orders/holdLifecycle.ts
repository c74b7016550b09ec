// How a checkout hold ends, exactly once: turned into an order (placeOrder with the hold,
// decided by the allocator), released by its buyer, or expired (by the sweep, or lazily when
// placeOrder finds it expired). Releases and expiries are guarded commits
// (firestore/guardedCommit.ts): they read the holds, their products, counters and buyers'
// hold records, then write in one atomic batch that lands only if all of it is unchanged
// since. The allocator reads the hold in its own commit too, so a hold can never both expire
// and become an order. Each ending moves the products' `held` (and, unless it became an order,
// `quantity` and the buyer's purchase counters) with a ledger movement.
//
// Nothing held is ever lost: a hold whose product document is broken stays active (and is
// reported) until the product is fixed; a product deleted meanwhile has its held units written
// off in the ledger.
import { FieldValue, Timestamp, type DocumentSnapshot } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { takeTokenAlone, type AllocateOptions, type AllocationRequest } from "../allocator/allocate";
import { remainingMs } from "../budget";
import { customerKey, resultOf } from "../allocator/allocationPlan";
import { db } from "../firestore/db";
import { GuardedCommitGaveUp, withGuardedCommit } from "../firestore/guardedCommit";
import { holdObject } from "../model/eventObjects";
import { recordEvent } from "../outbox/recordEvent";
import { buyerHoldsRef, customerRef, holdRef, holdsCollection, orderRef, productRef } from "../firestore/paths";
import { allocationsOf, unitsAt } from "../model/allocations";
import { buyerHoldsDocument, readBuyerHolds } from "../model/buyerHolds";
import type { HoldResult } from "../model/holdDocument";
import type { Order, PlaceOrderResult } from "../model/order";
import { readProduct, type ProductRead } from "../stock/readProduct";
import { Refused } from "../model/refusals";
import { endHolds, setBought, writeOffHeld, type StockWriter } from "../stock/stockChange";
import type { Buyer } from "./createOrder";
import { decide } from "./decide";
import { holdResultOf, type Hold } from "./holdStock";
import type { HoldSweepSummary } from "./holdSchemas";
import { orderIdForHold } from "./orderId";

type Ending = "release" | "expire";

const BUDGET_MS = 30_000;
// A write batch takes 500 writes. A hold's ending writes the hold, its buyer's record and, per
// line, its product's stock, a ledger movement and a purchase counter (counted as if every line
// wrote all three): a commit of the sweep stays within this many.
const WRITES_PER_COMMIT = 450;
const writesOfHold = (lines: number) => 2 + 3 * Math.max(1, lines);
// Groups of the sweep in flight at once (they share no product and no buyer).
const GROUPS_AT_ONCE = 5;
// The sweep reads due holds a page at a time, and goes on to the next page when a page was full
// (holds that can't end yet stay due, and must not hide the ones behind them).
const SWEEP_PAGE = 500;

// What ending a set of holds reads: the holds, then for the active ones their products, the
// buyers' counters on those products, and the buyers' hold records.
interface EndingRead {
  holds: Map<string, Hold>;
  products: Map<string, { read: ProductRead; exists: boolean }>;
  counters: Map<string, DocumentSnapshot>;
  buyers: Map<string, DocumentSnapshot>;
}

function activeHolds(snapshots: DocumentSnapshot[]): Hold[] {
  return snapshots.map((snapshot) => snapshot.data() as Hold | undefined).filter((hold): hold is Hold => hold?.status === "active");
}

// The documents an ending of these holds writes, in a fixed order, from the holds as read.
function layoutOf(holds: Hold[]): { productIds: string[]; pairs: { productId: string; uid: string }[]; uids: string[] } {
  const productIds = [...new Set(holds.flatMap((hold) => hold.items.map((line) => line.productId)))];
  const pairs = new Map(holds.flatMap((hold) => hold.items.map((line) => [customerKey(line.productId, hold.uid), { productId: line.productId, uid: hold.uid }] as const)));
  const uids = [...new Set(holds.map((hold) => hold.uid))];
  return { productIds, pairs: [...pairs.values()], uids };
}

async function readForEnding(holdIds: string[]): Promise<DocumentSnapshot[]> {
  const holdSnapshots = await db().getAll(...holdIds.map(holdRef));
  const { productIds, pairs, uids } = layoutOf(activeHolds(holdSnapshots));
  if (uids.length === 0) return holdSnapshots;
  const rest = await db().getAll(
    ...productIds.map(productRef),
    ...pairs.map(({ productId, uid }) => customerRef(productId, uid)),
    ...uids.map(buyerHoldsRef),
  );
  return [...holdSnapshots, ...rest];
}

function parseEndingRead(holdIds: string[], snapshots: DocumentSnapshot[]): EndingRead {
  const holdSnapshots = snapshots.slice(0, holdIds.length);
  const { productIds, pairs, uids } = layoutOf(activeHolds(holdSnapshots));
  let at = holdIds.length;
  const take = <K>(keys: K[]) => keys.map((key) => [key, snapshots[at++] as DocumentSnapshot] as const);
  const products = take(productIds).map(([productId, snapshot]) => [productId, { read: readProduct(snapshot), exists: snapshot.exists }] as const);
  const counters = take(pairs.map(({ productId, uid }) => customerKey(productId, uid)));
  const buyers = take(uids);
  const holds = new Map(holdSnapshots.flatMap((snapshot) => (snapshot.exists ? [[snapshot.id, snapshot.data() as Hold] as const] : [])));
  return { holds, products: new Map(products), counters: new Map(counters), buyers: new Map(buyers) };
}

export interface Endings {
  // Holds this commit ended.
  ended: string[];
  // Holds that can't end now: a product's document is broken, so it can't take its units back.
  blocked: { holdId: string; productId: string }[];
  // Held units of deleted products, written off in the ledger.
  writtenOff: { holdId: string; productId: string; units: number }[];
}

// Writes the ending of every hold in `read` that `shouldEnd` picks and that can end now: the
// products' stock and ledger (one movement per product), counters, buyers' records, the holds.
function writeEndings(writer: StockWriter, read: EndingRead, ending: Ending, shouldEnd: (hold: Hold) => boolean, by?: string): Endings {
  const endings: Endings = { ended: [], blocked: [], writtenOff: [] };
  // Per product: units to give back per location (where each hold held them), and the holds.
  const units = new Map<string, { units: Map<string, number>; holdIds: string[] }>();
  const counterUnits = new Map<string, { productId: string; uid: string; units: number }>();
  const records = new Map<string, ReturnType<typeof readBuyerHolds>>();
  for (const [holdId, hold] of read.holds) {
    if (hold.status !== "active" || !shouldEnd(hold)) continue;
    const broken = hold.items.find((line) => {
      const product = read.products.get(line.productId);
      return product?.exists === true && !product.read.ok;
    });
    if (broken) {
      endings.blocked.push({ holdId, productId: broken.productId });
      continue;
    }
    endings.ended.push(holdId);
    for (const line of hold.items) {
      const product = read.products.get(line.productId);
      if (!product?.read.ok) {
        writeOffHeld(writer, { productId: line.productId, units: line.quantity, holdId, outcome: ending });
        endings.writtenOff.push({ holdId, productId: line.productId, units: line.quantity });
        continue;
      }
      const entry = units.get(line.productId) ?? { units: new Map<string, number>(), holdIds: [] };
      for (const [locationId, held] of unitsAt(allocationsOf(hold), line.productId)) entry.units.set(locationId, (entry.units.get(locationId) ?? 0) + held);
      if (!entry.holdIds.includes(holdId)) entry.holdIds.push(holdId);
      units.set(line.productId, entry);
      // Held units counted against a per-customer limit; a hold that ends unsold gives them back.
      if (product.read.product.maxPerCustomer !== undefined) {
        const key = customerKey(line.productId, hold.uid);
        counterUnits.set(key, { productId: line.productId, uid: hold.uid, units: (counterUnits.get(key)?.units ?? 0) + line.quantity });
      }
    }
    const buyer = read.buyers.get(hold.uid);
    const record = records.get(hold.uid) ?? readBuyerHolds(buyer);
    delete record[holdId];
    records.set(hold.uid, record);
    const ended = { status: ending === "release" ? ("released" as const) : ("expired" as const), endedAt: FieldValue.serverTimestamp() };
    writer.update(holdRef(holdId), ended);
    recordEvent(writer, {
      type: ended.status === "released" ? "hold.released" : "hold.expired",
      resource: { type: "hold", id: holdId },
      sequence: 2,
      object: holdObject(holdId, { ...hold, ...ended }),
      previous: { status: "active", endedAt: null },
    });
  }
  for (const [productId, { units: count, holdIds }] of units) {
    const { product } = read.products.get(productId)?.read as Extract<ProductRead, { ok: true }>;
    endHolds(writer, { productId, product, units: count, outcome: ending, holdIds, ...(by ? { by } : {}) });
  }
  for (const [key, { productId, uid, units: count }] of counterUnits) {
    const counter = read.counters.get(key);
    if (counter?.exists) setBought(writer, productId, uid, ((counter.get("bought") as number | undefined) ?? 0) - count);
  }
  // Holds placed before buyers' records existed have none to update.
  for (const [uid, record] of records) if (read.buyers.get(uid)?.exists) writer.set(buyerHoldsRef(uid), buyerHoldsDocument(record));
  return endings;
}

async function guarded<T>(reads: () => Promise<DocumentSnapshot[]>, decide: (snapshots: DocumentSnapshot[], writer: StockWriter) => T, budgetMs = BUDGET_MS): Promise<T> {
  try {
    return await withGuardedCommit(reads, decide, { budgetMs });
  } catch (error) {
    if (error instanceof GuardedCommitGaveUp) throw new Refused({ reason: "contention" });
    throw error;
  }
}

async function placedOrder(orderId: string): Promise<PlaceOrderResult | undefined> {
  const placed = await orderRef(orderId).get();
  return placed.exists ? resultOf(orderId, placed.data() as Order) : undefined;
}

// placeOrder({ holdId }): the held lines become the order, never refused for stock. It goes
// through the allocator like any order (direct, or batched with the orders of a hot product),
// which reads the hold with the products and turns it into the order in the same commit. A
// hold found past its time is refused, and its units go back at once (lazy expiry). A hold that
// became an order (in another tab, maybe a moment ago) answers with that order.
export async function convertHold(buyer: Buyer, holdId: string, requestId: string, options: AllocateOptions): Promise<PlaceOrderResult> {
  const readHold = async () => (await holdRef(holdId).get()).data() as Hold | undefined;
  const hold = await readHold();
  const converted = async (current: Hold | undefined) => (current?.status === "converted" && current.orderId ? placedOrder(current.orderId) : undefined);
  const answeredFirst = !hold || hold.uid !== buyer.uid || hold.status === "converted";
  // Answered without the allocation: the call still takes its rate-limit token.
  if (answeredFirst && options.rateLimitPerMinute) await takeTokenAlone(buyer.uid, { perMinute: options.rateLimitPerMinute, clock: options.budget.clock });
  if (!hold || hold.uid !== buyer.uid) throw new Refused({ reason: "hold-not-found", holdId });
  const already = await converted(hold);
  if (already) return already;
  const orderId = orderIdForHold(buyer.uid, holdId);
  const request: AllocationRequest = {
    kind: "from-hold",
    id: orderId,
    uid: buyer.uid,
    email: hold.email,
    requestId,
    items: hold.items.map(({ productId, quantity }) => ({ productId, quantity })),
    holdId,
  };
  const decided = await decide(request, options, "Order from hold", { holdId, orderId, uid: buyer.uid }, () => placedOrder(orderId));
  if ("stored" in decided) return decided.stored;
  const { verdict, log } = decided;
  if (verdict.kind === "refused") {
    if (verdict.refusal.reason === "hold-expired") {
      // Lazy expiry, within what is left of the call's time (the sweep ends it otherwise).
      if (verdict.refusal.state === "expired") {
        await expireHolds([holdId], options.budget.clock(), remainingMs(options.budget, options.budget.answerBy)).catch((error: unknown) => {
          logger.warn("Lazy expiry of a hold failed; the sweep ends it", { ...log, error });
        });
      }
      // Decided on a read taken just before another tab's conversion landed: that order stands.
      const won = await converted(await readHold());
      if (won) {
        logger.info("Order from hold replayed after a refused conversion", { ...log, outcome: "replayed" });
        return won;
      }
    }
    logger.info("Order from hold refused", { ...log, outcome: verdict.refusal.reason });
    throw new Refused(verdict.refusal);
  }
  logger.info(verdict.kind === "confirmed" ? "Order placed from hold" : "Order from hold replayed", { ...log, outcome: verdict.kind });
  return verdict.result;
}

// The buyer gives the units back now. Idempotent: a hold that already ended answers as it is.
export async function releaseHold(buyer: { uid: string }, holdId: string): Promise<HoldResult> {
  const result = await guarded(
    () => readForEnding([holdId]),
    (snapshots, writer) => {
      const read = parseEndingRead([holdId], snapshots);
      const hold = read.holds.get(holdId);
      if (!hold || hold.uid !== buyer.uid) throw new Refused({ reason: "hold-not-found", holdId });
      if (hold.status !== "active") return holdResultOf(holdId, hold);
      const { blocked } = writeEndings(writer, read, "release", () => true, buyer.uid);
      const [stuck] = blocked;
      if (stuck) throw new Refused({ reason: "product-misconfigured", productId: stuck.productId, problem: "see the product's error log", during: "hold-end" });
      return holdResultOf(holdId, { ...hold, status: "released" });
    },
  );
  logger.info("Hold released", { holdId, uid: buyer.uid, outcome: result.status });
  return result;
}

// Ends these holds where they are still active and past their time, in one commit.
export async function expireHolds(holdIds: string[], now = Date.now(), budgetMs = BUDGET_MS): Promise<Endings> {
  return guarded(
    () => readForEnding(holdIds),
    (snapshots, writer) => writeEndings(writer, parseEndingRead(holdIds, snapshots), "expire", (hold) => hold.expiresAt.toMillis() <= now),
    budgetMs,
  );
}

export type { HoldSweepSummary };

export interface DueHold {
  holdId: string;
  uid: string;
  productIds: string[];
}

// Due holds as the sweep ends them: holds that share a product or a buyer form one group, so a
// product's due holds (and a buyer's record) are written by one commit at a time, never racing
// each other; a group's holds go into as few commits as a write batch allows, run in turn.
export function sweepGroups(due: DueHold[]): string[][][] {
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    const up = parent.get(key) ?? key;
    if (up === key) return key;
    const root = find(up);
    parent.set(key, root);
    return root;
  };
  const join = (a: string, b: string) => parent.set(find(a), find(b));
  for (const { holdId, uid, productIds } of due) {
    join(`hold:${holdId}`, `buyer:${uid}`);
    for (const productId of productIds) join(`hold:${holdId}`, `product:${productId}`);
  }
  const groups = new Map<string, DueHold[]>();
  for (const hold of due) {
    const root = find(`hold:${hold.holdId}`);
    groups.set(root, [...(groups.get(root) ?? []), hold]);
  }
  return [...groups.values()].map((group) => {
    const commits: string[][] = [];
    let writes = WRITES_PER_COMMIT;
    for (const { holdId, productIds } of group) {
      const cost = writesOfHold(productIds.length);
      if (writes + cost > WRITES_PER_COMMIT) {
        commits.push([]);
        writes = 0;
      }
      commits.at(-1)?.push(holdId);
      writes += cost;
    }
    return commits;
  });
}

function productIdsOfHold(data: unknown): string[] {
  const items = (data as { items?: unknown } | undefined)?.items;
  return Array.isArray(items) ? items.flatMap((line) => (typeof (line as { productId?: unknown })?.productId === "string" ? [(line as { productId: string }).productId] : [])) : [];
}

// The scheduled sweep (and "sweep now"): returns the units of every hold past its time, looking
// at `limit` due holds at most. A commit that fails (a product too busy, a broken hold) is
// logged and left to the next sweep; the others go on.
export async function sweepExpiredHolds(options: { limit?: number; pageSize?: number; now?: number } = {}): Promise<HoldSweepSummary> {
  const { limit = 4 * SWEEP_PAGE, now = Date.now() } = options;
  const summary: HoldSweepSummary = { found: 0, expired: 0, writtenOff: 0, failed: 0, blocked: [] };
  const dueQuery = holdsCollection().where("status", "==", "active").where("expiresAt", "<=", Timestamp.fromMillis(now)).orderBy("expiresAt");
  const pageSize = Math.min(options.pageSize ?? SWEEP_PAGE, limit);
  let after: DocumentSnapshot | undefined;
  while (summary.found < limit) {
    const page = await (after ? dueQuery.startAfter(after) : dueQuery).limit(pageSize).get();
    summary.found += page.size;
    const groups = sweepGroups(page.docs.map((doc) => ({ holdId: doc.id, uid: String(doc.get("uid")), productIds: productIdsOfHold(doc.data()) })));
    for (let i = 0; i < groups.length; i += GROUPS_AT_ONCE) await Promise.all(groups.slice(i, i + GROUPS_AT_ONCE).map((commits) => sweepGroup(commits, now, summary)));
    if (page.size < pageSize) break;
    after = page.docs.at(-1);
  }
  for (const { holdId, productId } of summary.blocked) {
    logger.error("Hold can't end: its product's document is invalid, so its units can't go back. Fix the product; the next sweep ends the hold.", { holdId, productId });
  }
  if (summary.found) logger.info("Expired holds swept", { found: summary.found, expired: summary.expired, writtenOff: summary.writtenOff, failed: summary.failed, blocked: summary.blocked.length });
  return summary;
}

// One group's commits, one after another (they may share a product or a buyer).
async function sweepGroup(commits: string[][], now: number, summary: HoldSweepSummary): Promise<void> {
  for (const holdIds of commits) {
    try {
      const endings = await expireHolds(holdIds, now);
      summary.expired += endings.ended.length;
      summary.writtenOff += new Set(endings.writtenOff.map(({ holdId }) => holdId)).size;
      summary.blocked.push(...endings.blocked);
      for (const { holdId, productId, units } of endings.writtenOff) {
        logger.warn("Held units written off: the product was deleted while they were held", { holdId, productId, units });
      }
    } catch (error) {
      summary.failed += holdIds.length;
      logger.warn("Expiring holds failed; the next sweep retries them", { holdIds, error });
    }
  }
}
