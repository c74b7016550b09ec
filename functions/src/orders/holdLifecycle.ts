// How a checkout hold ends, exactly once: turned into an order (placeOrder with the hold),
// released by its buyer, or expired (by the sweep, or lazily when placeOrder finds it
// expired). Each is one guarded commit (firestore/guardedCommit.ts): it reads the hold, its
// products and counters, then writes in one atomic batch that lands only if the hold and its
// products are unchanged since, so a hold can never both expire and become an order. Each
// moves the products' `held` (and, unless it became an order, `quantity` and the buyer's
// purchase counters) with a ledger movement.
import { FieldValue, Timestamp, type DocumentSnapshot } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { resultOf } from "../allocator/allocationPlan";
import { customerRef, holdRef, holdsCollection, orderRef, productRef } from "../firestore/paths";
import { db } from "../firestore/db";
import { GuardedCommitGaveUp, withGuardedCommit } from "../firestore/guardedCommit";
import type { HoldResult } from "../model/holdDocument";
import type { Order, PlaceOrderResult } from "../model/order";
import { orderReference } from "../model/orderReference";
import { readProduct, type ProductRead } from "../stock/readProduct";
import { Refused } from "../stock/refusals";
import { endHold, setBought, type StockWriter } from "../stock/stockChange";
import type { Buyer } from "./createOrder";
import { holdResultOf, type Hold } from "./holdStock";
import type { HoldSweepSummary } from "./holdSchemas";
import { orderIdForHold } from "./orderId";

type Ending = "order" | "release" | "expire";

const BUDGET_MS = 30_000;

interface HoldRead {
  hold: Hold | undefined;
  // The order the hold becomes (convert only).
  order: DocumentSnapshot | undefined;
  lines: { productId: string; product: ProductRead; counter: DocumentSnapshot }[];
}

// One round of reads: the hold (and the order it would become), then its products and the
// buyer's purchase counters, everything a hold's ending writes.
async function readHold(holdId: string, orderId?: string): Promise<DocumentSnapshot[]> {
  const first = await db().getAll(holdRef(holdId), ...(orderId ? [orderRef(orderId)] : []));
  const hold = first[0]?.data() as Hold | undefined;
  const productIds = hold ? [...new Set(hold.items.map((line) => line.productId))] : [];
  if (!hold || productIds.length === 0) return first;
  return [...first, ...(await db().getAll(...productIds.map(productRef), ...productIds.map((id) => customerRef(id, hold.uid))))];
}

function parseRead(snapshots: DocumentSnapshot[], withOrder: boolean): HoldRead {
  const hold = snapshots[0]?.data() as Hold | undefined;
  const order = withOrder ? snapshots[1] : undefined;
  const rest = snapshots.slice(withOrder ? 2 : 1);
  const productIds = hold ? [...new Set(hold.items.map((line) => line.productId))] : [];
  const lines = productIds.map((productId, index) => ({ productId, product: readProduct(rest[index]!), counter: rest[productIds.length + index]! }));
  return { hold, order, lines };
}

// Writes a hold's ending: products, counters, ledger and the hold's own status.
function writeEnding(writer: StockWriter, holdId: string, { hold, lines }: HoldRead, ending: Ending, extra: { orderId?: string; by?: string } = {}): void {
  if (!hold) return;
  for (const { productId, product, counter } of lines) {
    const units = hold.items.filter((line) => line.productId === productId).reduce((sum, line) => sum + line.quantity, 0);
    // A product deleted since keeps no record to write to; its held units left with it.
    if (!product.ok) continue;
    endHold(writer, { productId, quantity: product.product.quantity, held: product.product.held ?? 0, units, outcome: ending, holdId, ...extra });
    // Held units counted against a per-customer limit; a hold that ends unsold gives them back.
    if (ending !== "order" && product.product.maxPerCustomer !== undefined && counter.exists) {
      setBought(writer, productId, hold.uid, ((counter.get("bought") as number | undefined) ?? 0) - units);
    }
  }
  const status = ending === "order" ? "converted" : ending === "release" ? "released" : "expired";
  writer.update(holdRef(holdId), { status, endedAt: FieldValue.serverTimestamp(), ...(extra.orderId ? { orderId: extra.orderId } : {}) });
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

// placeOrder({ holdId }): the held lines become the order, never refused for stock.
export async function convertHold(buyer: Buyer, holdId: string, requestId: string): Promise<PlaceOrderResult> {
  const orderId = orderIdForHold(buyer.uid, holdId);
  const outcome = await guarded(
    () => readHold(holdId, orderId),
    (snapshots, writer): { result: PlaceOrderResult } | { refusal: "expired" | "released" } => {
      const read = parseRead(snapshots, true);
      const { hold, order: existing } = read;
      if (!hold || hold.uid !== buyer.uid) throw new Refused({ reason: "hold-not-found", holdId });
      // Converted before (a retry, another tab): the same order.
      if (existing?.exists) return { result: resultOf(orderId, existing.data() as Order) };
      if (hold.status === "released" || hold.status === "expired") return { refusal: hold.status };
      if (hold.status !== "active") throw new Refused({ reason: "hold-not-found", holdId });
      if (expired(hold, Date.now())) {
        // Lazy expiry: the units go back now, in this commit, not at the next sweep.
        writeEnding(writer, holdId, read, "expire");
        return { refusal: "expired" };
      }
      const order: Omit<Order, "createdAt"> = {
        uid: hold.uid,
        email: hold.email,
        items: hold.items,
        total: hold.total,
        currency: hold.currency,
        status: "confirmed",
        requestId,
        reference: orderReference(orderId),
        ...(hold.locale ? { locale: hold.locale } : {}),
        holdId,
        confirmation: { status: "pending", attempts: 0 },
      };
      writer.create(orderRef(orderId), { ...order, createdAt: FieldValue.serverTimestamp() });
      writeEnding(writer, holdId, read, "order", { orderId });
      return { result: resultOf(orderId, order) };
    },
  );
  if ("refusal" in outcome) {
    logger.info("Order from hold refused", { holdId, uid: buyer.uid, outcome: `hold-${outcome.refusal}` });
    throw new Refused({ reason: "hold-expired", holdId, state: outcome.refusal });
  }
  logger.info("Order placed from hold", { holdId, orderId, uid: buyer.uid });
  return outcome.result;
}

// The buyer gives the units back now. Idempotent: a hold that already ended answers as it is.
export async function releaseHold(buyer: { uid: string }, holdId: string): Promise<HoldResult> {
  const result = await guarded(
    () => readHold(holdId),
    (snapshots, writer) => {
      const read = parseRead(snapshots, false);
      const { hold } = read;
      if (!hold || hold.uid !== buyer.uid) throw new Refused({ reason: "hold-not-found", holdId });
      if (hold.status !== "active") return holdResultOf(holdId, hold);
      writeEnding(writer, holdId, read, "release", { by: buyer.uid });
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
      const read = parseRead(snapshots, false);
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
