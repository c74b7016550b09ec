// How a checkout hold ends, exactly once: turned into an order (placeOrder with the hold,
// decided by the allocator), released by its buyer, or expired (by the sweep, or lazily when
// placeOrder finds it expired). Release and expiry are one guarded commit each
// (firestore/guardedCommit.ts): they read the hold, its products and counters, then write in
// one atomic batch that lands only if the hold and its products are unchanged since. The
// allocator reads the hold in its own commit too, so a hold can never both expire and become
// an order. Each ending moves the products' `held` (and, unless it became an order,
// `quantity` and the buyer's purchase counters) with a ledger movement.
import { FieldValue, Timestamp, type DocumentSnapshot } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { allocate, type AllocateOptions, type OrderRequest } from "../allocator/allocate";
import { resultOf } from "../allocator/allocationPlan";
import { customerRef, holdRef, holdsCollection, orderRef, productRef } from "../firestore/paths";
import { db } from "../firestore/db";
import { GuardedCommitGaveUp, withGuardedCommit } from "../firestore/guardedCommit";
import type { HoldResult } from "../model/holdDocument";
import type { Order, PlaceOrderResult } from "../model/order";
import { readProduct, type ProductRead } from "../stock/readProduct";
import { Refused } from "../stock/refusals";
import { endHold, setBought, type StockWriter } from "../stock/stockChange";
import type { Buyer } from "./createOrder";
import { holdResultOf, type Hold } from "./holdStock";
import type { HoldSweepSummary } from "./holdSchemas";
import { orderIdForHold } from "./orderId";

type Ending = "release" | "expire";

const BUDGET_MS = 30_000;

interface HoldRead {
  hold: Hold | undefined;
  lines: { productId: string; product: ProductRead; counter: DocumentSnapshot }[];
}

// The hold, then its products and the buyer's purchase counters: everything its ending writes.
async function readHold(holdId: string): Promise<DocumentSnapshot[]> {
  const [snapshot] = await db().getAll(holdRef(holdId));
  const hold = snapshot?.data() as Hold | undefined;
  const productIds = hold ? [...new Set(hold.items.map((line) => line.productId))] : [];
  if (!snapshot || !hold || productIds.length === 0) return snapshot ? [snapshot] : [];
  return [snapshot, ...(await db().getAll(...productIds.map(productRef), ...productIds.map((id) => customerRef(id, hold.uid))))];
}

function parseRead(snapshots: DocumentSnapshot[]): HoldRead {
  const hold = snapshots[0]?.data() as Hold | undefined;
  const rest = snapshots.slice(1);
  const productIds = hold ? [...new Set(hold.items.map((line) => line.productId))] : [];
  const lines = productIds.map((productId, index) => ({ productId, product: readProduct(rest[index]!), counter: rest[productIds.length + index]! }));
  return { hold, lines };
}

// Writes a hold's ending: products, counters, ledger and the hold's own status.
function writeEnding(writer: StockWriter, holdId: string, { hold, lines }: HoldRead, ending: Ending, by?: string): void {
  if (!hold) return;
  for (const { productId, product, counter } of lines) {
    const units = hold.items.filter((line) => line.productId === productId).reduce((sum, line) => sum + line.quantity, 0);
    // A product deleted since keeps no record to write to; its held units left with it.
    if (!product.ok) continue;
    endHold(writer, { productId, quantity: product.product.quantity, held: product.product.held ?? 0, units, outcome: ending, holdId, ...(by ? { by } : {}) });
    // Held units counted against a per-customer limit; a hold that ends unsold gives them back.
    if (product.product.maxPerCustomer !== undefined && counter.exists) {
      setBought(writer, productId, hold.uid, ((counter.get("bought") as number | undefined) ?? 0) - units);
    }
  }
  writer.update(holdRef(holdId), { status: ending === "release" ? "released" : "expired", endedAt: FieldValue.serverTimestamp() });
}

function expired(hold: Hold, now: number): boolean {
  return hold.expiresAt.toMillis() <= now;
}

async function guarded<T>(reads: () => Promise<DocumentSnapshot[]>, decide: (snapshots: DocumentSnapshot[], writer: StockWriter) => T): Promise<T> {
  try {
    return await withGuardedCommit(reads, decide, { budgetMs: BUDGET_MS });
  } catch (error) {
    if (error instanceof GuardedCommitGaveUp) throw new Refused({ reason: "contention" });
    throw error;
  }
}

// placeOrder({ holdId }): the held lines become the order, never refused for stock. It goes
// through the allocator like any order (direct, or batched with the orders of a hot product),
// which reads the hold with the products and turns it into the order in the same commit. A
// hold found past its time is refused, and its units go back at once (lazy expiry).
export async function convertHold(buyer: Buyer, holdId: string, requestId: string, options: AllocateOptions): Promise<PlaceOrderResult> {
  const hold = (await holdRef(holdId).get()).data() as Hold | undefined;
  if (!hold || hold.uid !== buyer.uid) throw new Refused({ reason: "hold-not-found", holdId });
  const orderId = orderIdForHold(buyer.uid, holdId);
  const request: OrderRequest = {
    orderId,
    uid: buyer.uid,
    email: hold.email,
    requestId,
    items: hold.items.map(({ productId, quantity }) => ({ productId, quantity })),
    fromHold: { holdId },
  };
  const started = Date.now();
  const { path, verdict } = await allocate(request, options);
  const log = { holdId, orderId, uid: buyer.uid, path, latencyMs: Date.now() - started };
  if (!verdict) {
    const placed = await orderRef(orderId).get();
    if (placed.exists) return resultOf(orderId, placed.data() as Order);
    logger.warn("Order from hold not placed: no decision before the deadline", log);
    throw new Refused({ reason: "contention" });
  }
  if (verdict.kind === "refused") {
    if (verdict.refusal.reason === "hold-expired" && verdict.refusal.state === "expired") await expireHold(holdId);
    logger.info("Order from hold refused", { ...log, outcome: verdict.refusal.reason });
    throw new Refused(verdict.refusal);
  }
  logger.info(verdict.kind === "confirmed" ? "Order placed from hold" : "Order from hold replayed", { ...log, outcome: verdict.kind });
  return verdict.result;
}

// The buyer gives the units back now. Idempotent: a hold that already ended answers as it is.
export async function releaseHold(buyer: { uid: string }, holdId: string): Promise<HoldResult> {
  const result = await guarded(
    () => readHold(holdId),
    (snapshots, writer) => {
      const read = parseRead(snapshots);
      const { hold } = read;
      if (!hold || hold.uid !== buyer.uid) throw new Refused({ reason: "hold-not-found", holdId });
      if (hold.status !== "active") return holdResultOf(holdId, hold);
      writeEnding(writer, holdId, read, "release", buyer.uid);
      return holdResultOf(holdId, { ...hold, status: "released" });
    },
  );
  logger.info("Hold released", { holdId, uid: buyer.uid, outcome: result.status });
  return result;
}

// Ends one hold if it is still active and past its time. True if this call expired it.
export async function expireHold(holdId: string, now = Date.now()): Promise<boolean> {
  return guarded(
    () => readHold(holdId),
    (snapshots, writer) => {
      const read = parseRead(snapshots);
      if (!read.hold || read.hold.status !== "active" || !expired(read.hold, now)) return false;
      writeEnding(writer, holdId, read, "expire");
      return true;
    },
  );
}

export type { HoldSweepSummary };

const EXPIRIES_AT_ONCE = 5;

// The scheduled sweep (and "sweep now"): returns the units of every hold past its time.
export async function sweepExpiredHolds(limit = 500, now = Date.now()): Promise<HoldSweepSummary> {
  const due = await holdsCollection().where("status", "==", "active").where("expiresAt", "<=", Timestamp.fromMillis(now)).orderBy("expiresAt").limit(limit).get();
  const ids = due.docs.map((doc) => doc.id);
  let count = 0;
  for (let i = 0; i < ids.length; i += EXPIRIES_AT_ONCE) {
    const results = await Promise.all(ids.slice(i, i + EXPIRIES_AT_ONCE).map((id) => expireHold(id, now)));
    count += results.filter(Boolean).length;
  }
  if (ids.length) logger.info("Expired holds swept", { found: ids.length, expired: count });
  return { found: ids.length, expired: count };
}
