// Orders placed before committed stock existed took their units out of `quantity` and left
// them in no bucket. This migration counts each such order's unshipped units into its
// products' on hand and committed (a `migrate` ledger movement: available doesn't change) and
// marks the order `stock: "committed"` (with its `shipsFrom`; orders counted before that existed
// get it too), one order per transaction, so a shipment or a
// cancellation racing it sees either the old order or the migrated one, never both counts.
// It runs by itself (a scheduled sweep that remembers where it got to and stops once a pass
// is complete) and from the admin CLI, where it is a dry run unless told to apply.
import { FieldValue, type DocumentSnapshot, type QueryDocumentSnapshot } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { migrationRef, orderRef, ordersCollection, productRef } from "../firestore/paths";
import { inTransaction } from "../firestore/transaction";
import type { Order, OrderStatus } from "../model/order";
import { Refused } from "../model/refusals";
import { shipsFromOf, unshippedLines } from "../model/shipments";
import { readProduct } from "../stock/readProduct";
import { changeStock } from "../stock/stockChange";

// Renamed when the migration learns something new, so the sweep makes one more pass: "-2" also
// writes `shipsFrom` on orders counted before it existed.
const MIGRATION = "committedStock-2";
const OPEN: OrderStatus[] = ["confirmed", "partially_fulfilled"];

export interface MigrationReport {
  // Open orders looked at, and those from before committed stock (migrated, or to migrate on a dry run).
  scanned: number;
  legacy: number;
  // Units per product counted (or to count) into on hand and committed.
  units: Record<string, number>;
  // Orders already counted that get their `shipsFrom` (for the pick lists per location).
  indexed: number;
  // Legacy orders whose product document is broken: left as they are until it is fixed.
  skipped: { orderId: string; productId: string }[];
  // No open order from before is left.
  complete: boolean;
}

function legacyUnits(order: Order): { productId: string; quantity: number }[] {
  if (order.stock === "committed" || !OPEN.includes(order.status)) return [];
  return unshippedLines(order).filter((line) => line.quantity > 0);
}

// Open orders counted in committed stock before `shipsFrom` existed: not on any location's
// pick list until it is written.
function lacksShipsFrom(order: Order): boolean {
  return order.stock === "committed" && order.shipsFrom === undefined && OPEN.includes(order.status);
}

type OrderMigration = { kind: "counted"; units: { productId: string; quantity: number }[] } | { kind: "indexed" } | { kind: "skipped"; productId: string } | { kind: "none" };

// One order, in its own transaction: re-read, and counted only if it is still from before (or
// given its `shipsFrom` only if it still lacks one). Answers what it did, for the report to add
// up once however often the transaction ran.
async function migrateOrder(orderId: string): Promise<OrderMigration> {
  return inTransaction(async (tx): Promise<OrderMigration> => {
    const snapshot = await tx.get(orderRef(orderId));
    const order = snapshot.data() as Order | undefined;
    if (order && lacksShipsFrom(order)) {
      tx.update(orderRef(orderId), { shipsFrom: shipsFromOf(order) });
      return { kind: "indexed" };
    }
    if (!order || order.stock === "committed") return { kind: "none" };
    const lines = legacyUnits(order);
    const products = lines.length ? await tx.getAll(...lines.map((line) => productRef(line.productId))) : [];
    const reads = products.map((product: DocumentSnapshot) => (product.exists ? readProduct(product) : undefined));
    const broken = lines.find((_, index) => reads[index]?.ok === false);
    if (broken) return { kind: "skipped", productId: broken.productId };
    const counted: { productId: string; quantity: number }[] = [];
    lines.forEach((line, index) => {
      const read = reads[index];
      // A deleted product's stock went with it: nothing to count.
      if (!read?.ok) return;
      changeStock(tx, line.productId, read.product, [{ cause: "migrate", deltas: { onHand: line.quantity, committed: line.quantity }, orderIds: [orderId], reason: "an order from before committed stock was tracked" }]);
      counted.push(line);
    });
    tx.update(orderRef(orderId), { stock: "committed", shipsFrom: shipsFromOf(order) });
    return { kind: "counted", units: counted };
  }, { gaveUp: () => new Refused({ reason: "contention", during: "stock-change" }) });
}

// Looks at open orders a page at a time from `after` (the last order looked at), at most
// `pages` pages; counts (apply) or reports (dry run) those from before.
export async function migrateCommittedStock(options: { apply: boolean; pageSize?: number; pages?: number; after?: string }): Promise<MigrationReport & { after?: string }> {
  const { apply, pageSize = 200, pages = Number.MAX_SAFE_INTEGER } = options;
  const report: MigrationReport = { scanned: 0, legacy: 0, indexed: 0, units: {}, skipped: [], complete: false };
  const open = ordersCollection().where("status", "in", OPEN).orderBy("createdAt").orderBy("__name__");
  let after: QueryDocumentSnapshot | undefined = options.after ? ((await orderRef(options.after).get()) as QueryDocumentSnapshot) : undefined;
  if (after && !after.exists) after = undefined;
  for (let page = 0; page < pages; page++) {
    const snapshot = await (after ? open.startAfter(after) : open).limit(pageSize).get();
    for (const doc of snapshot.docs) {
      report.scanned += 1;
      const order = doc.data() as Order;
      const lines = legacyUnits(order);
      if (!lines.length && !lacksShipsFrom(order)) continue;
      if (apply) {
        const done = await migrateOrder(doc.id);
        if (done.kind === "skipped") report.skipped.push({ orderId: doc.id, productId: done.productId });
        if (done.kind === "indexed") report.indexed += 1;
        if (done.kind === "counted") {
          report.legacy += 1;
          for (const line of done.units) report.units[line.productId] = (report.units[line.productId] ?? 0) + line.quantity;
        }
      } else if (!lines.length) report.indexed += 1;
      else {
        report.legacy += 1;
        for (const line of lines) report.units[line.productId] = (report.units[line.productId] ?? 0) + line.quantity;
      }
    }
    after = snapshot.docs.at(-1) ?? after;
    if (snapshot.size < pageSize) {
      report.complete = true;
      break;
    }
  }
  return { ...report, ...(after ? { after: after.id } : {}) };
}

// The scheduled sweep: a few pages per run from where the last run stopped, until a pass is
// complete; then it only reads its progress document.
export async function sweepCommittedStockMigration(pagesPerRun = 5): Promise<void> {
  const progress = (await migrationRef(MIGRATION).get()).data() as { complete?: boolean; after?: string } | undefined;
  if (progress?.complete) return;
  const report = await migrateCommittedStock({ apply: true, pages: pagesPerRun, ...(progress?.after ? { after: progress.after } : {}) });
  const complete = report.complete && report.skipped.length === 0;
  // A pass with skipped orders starts over next time (after their products are fixed).
  await migrationRef(MIGRATION).set({ complete, ...(report.after && !report.complete ? { after: report.after } : {}), updatedAt: FieldValue.serverTimestamp(), lastRun: { scanned: report.scanned, migrated: report.legacy, indexed: report.indexed, skipped: report.skipped.length } });
  if (report.legacy || report.indexed || report.skipped.length) logger.info("Orders from before committed stock counted", { scanned: report.scanned, migrated: report.legacy, indexed: report.indexed, units: report.units, skipped: report.skipped });
  for (const { orderId, productId } of report.skipped) logger.error("Order not migrated: its product's document is invalid; fix the product and the sweep counts it", { orderId, productId });
}
