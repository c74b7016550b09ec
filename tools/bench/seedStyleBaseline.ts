// The yardstick, kept in the bench only: the original design. Every buyer runs its own
// transaction on the product document (bounded retries, then 503), straight from this
// process with the Admin SDK: no Cloud Functions overhead, so the comparison flatters it.
import { orderReference } from "../../functions/src/model/orderReference";
import type { Firestore } from "firebase-admin/firestore";
import type { Worker } from "../load/loadRunner";

export const BASELINE_ORDERS = "benchBaselineOrders";

export function seedStyleWorker(db: Firestore, uid: string, maxAttempts = 5): Worker {
  return async (job) => {
    try {
      const outcome = await db.runTransaction(
        async (tx) => {
          const refs = job.items.map((line) => db.collection("products").doc(line.productId));
          const snapshots = await tx.getAll(...refs);
          for (const [index, line] of job.items.entries()) {
            const available = snapshots[index]?.get("quantity") as number;
            if (available < line.quantity) return { refused: { productId: line.productId, available } };
          }
          const items = job.items.map((line, index) => {
            const snapshot = snapshots[index];
            const quantity = (snapshot?.get("quantity") as number) - line.quantity;
            tx.update(refs[index]!, { quantity, status: quantity > 0 ? "in_stock" : "out_of_stock" });
            return { ...line, name: snapshot?.get("name") as string, unitPrice: snapshot?.get("price") as number };
          });
          const orderRef = db.collection(BASELINE_ORDERS).doc();
          tx.create(orderRef, { uid, items, requestId: job.requestId });
          return { orderId: orderRef.id, items };
        },
        { maxAttempts },
      );
      if ("refused" in outcome) {
        return { ok: false, code: "functions/failed-precondition", details: { reason: "insufficient-stock", ...outcome.refused } };
      }
      const total = outcome.items.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
      return { ok: true, value: { orderId: outcome.orderId, reference: orderReference(outcome.orderId), status: "confirmed", items: outcome.items, total, currency: "EUR" } };
    } catch (error) {
      return { ok: false, code: "functions/unavailable", message: (error as Error).message };
    }
  };
}
