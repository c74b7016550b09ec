// Admin CLI helpers for shops moving onto fulfilment: count the open orders from before
// committed stock into stock (migrate-stock), and mark orders shipped outside the system as
// shipped (mark-shipped), both dry runs unless told to apply.
import { Timestamp, type QueryDocumentSnapshot } from "firebase-admin/firestore";
import { ordersCollection } from "../../functions/src/firestore/paths";
import { fulfilOrder } from "../../functions/src/orders/fulfilOrder";
import { migrateCommittedStock, type MigrationReport } from "../../functions/src/orders/migrateCommittedStock";

export function migrateStock(apply: boolean): Promise<MigrationReport> {
  return migrateCommittedStock({ apply });
}

export interface MarkedShipped {
  // Open orders placed before the date (to mark, or marked).
  orders: number;
  units: number;
  marked: number;
}

// Every open order placed before `before` is recorded as shipped in full, without a shipment
// email (one shipment per order, under a requestId naming the date: running it again changes
// nothing). Units of orders counted in committed stock leave committed and on hand together.
export async function markShipped(before: Date, by: string, apply: boolean): Promise<MarkedShipped> {
  const result: MarkedShipped = { orders: 0, units: 0, marked: 0 };
  const open = ordersCollection().where("status", "in", ["confirmed", "partially_fulfilled"]).where("createdAt", "<", Timestamp.fromDate(before)).orderBy("createdAt");
  let after: QueryDocumentSnapshot | undefined;
  for (;;) {
    const page = await (after ? open.startAfter(after) : open).limit(200).get();
    for (const doc of page.docs) {
      result.orders += 1;
      const items = doc.get("items") as { quantity: number; productId: string }[];
      const shipped = (doc.get("fulfilment.shipped") as Record<string, number> | undefined) ?? {};
      result.units += items.reduce((sum, line) => sum + line.quantity - (shipped[line.productId] ?? 0), 0);
      if (!apply) continue;
      const done = await fulfilOrder({ orderId: doc.id, requestId: `mark-shipped-before-${before.toISOString().slice(0, 10)}` }, by, { notify: false });
      if (!done.replayed) result.marked += 1;
    }
    if (page.size < 200) break;
    after = page.docs.at(-1);
  }
  return result;
}
