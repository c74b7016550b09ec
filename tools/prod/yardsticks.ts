// The yardsticks of the production-shaped bench, served by the Functions Framework like the
// real callables: the floor (a signed-in callable that does nothing, what the runtime itself
// costs) and the seed's design (one Firestore transaction per order on the product documents,
// bounded retries then "unavailable"), which is also the baseline on a hot product. Each writes
// its order and one event document, as ours do.
import { getApps, initializeApp } from "firebase-admin/app";
import { getFirestore } from "firebase-admin/firestore";
import { HttpsError, onCall } from "firebase-functions/v2/https";

export const DIRECT_ORDERS = "benchDirectOrders";
// Each yardstick order also writes one event document, as every order of ours writes its
// `order.placed` to the outbox: the comparison stays like for like.
export const DIRECT_EVENTS = "benchDirectEvents";

function eventFor(orderId: string, order: Record<string, unknown>): Record<string, unknown> {
  return { type: "order.placed", resource: { type: "order", id: orderId }, sequence: 1, data: { object: { id: orderId, ...order } }, dispatch: { status: "pending" } };
}

const db = () => getFirestore(getApps()[0] ?? initializeApp());

export const floor = onCall((request) => {
  if (!request.auth) throw new HttpsError("unauthenticated", "Sign in first.");
  return { ok: true };
});

interface Line {
  productId: string;
  quantity: number;
}

export const direct = onCall(async (request) => {
  if (!request.auth) throw new HttpsError("unauthenticated", "Sign in first.");
  const { items, requestId } = request.data as { items: Line[]; requestId: string };
  const uid = request.auth.uid;
  try {
    const outcome = await db().runTransaction(
      async (tx) => {
        const refs = items.map((line) => db().collection("products").doc(line.productId));
        const snapshots = await tx.getAll(...refs);
        for (const [index, line] of items.entries()) {
          const available = snapshots[index]?.get("quantity") as number;
          if (available < line.quantity) return { refused: { productId: line.productId, available } };
        }
        const lines = items.map((line, index) => {
          const snapshot = snapshots[index];
          const quantity = (snapshot?.get("quantity") as number) - line.quantity;
          tx.update(refs[index]!, { quantity, status: quantity > 0 ? "in_stock" : "out_of_stock" });
          return { ...line, name: snapshot?.get("name") as string, unitPrice: snapshot?.get("price") as number };
        });
        const orderRef = db().collection(DIRECT_ORDERS).doc();
        tx.create(orderRef, { uid, items: lines, requestId });
        tx.create(db().collection(DIRECT_EVENTS).doc(), eventFor(orderRef.id, { uid, items: lines }));
        return { orderId: orderRef.id, items: lines };
      },
      { maxAttempts: 5 },
    );
    if ("refused" in outcome) throw new HttpsError("failed-precondition", "Not enough stock.", { reason: "insufficient-stock", ...outcome.refused });
    const total = outcome.items.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
    return { orderId: outcome.orderId, reference: outcome.orderId.slice(0, 8), status: "confirmed", items: outcome.items, total, currency: "EUR" };
  } catch (error) {
    if (error instanceof HttpsError) throw error;
    throw new HttpsError("unavailable", "The product is too busy.", { reason: "contention" });
  }
});

// What an order on a contended product costs across instances with nothing but optimistic
// concurrency: read, then one commit guarded by the products' update times, read and tried again
// when another instance's commit won. No lock is held and nothing is combined: the floor of the
// "hot, 3 instances" scenarios (several instances committing one document can't do less).
export const optimistic = onCall(async (request) => {
  if (!request.auth) throw new HttpsError("unauthenticated", "Sign in first.");
  const { items, requestId } = request.data as { items: Line[]; requestId: string };
  const uid = request.auth.uid;
  const refs = items.map((line) => db().collection("products").doc(line.productId));
  for (let attempt = 1; attempt <= 50; attempt++) {
    const snapshots = await db().getAll(...refs);
    const batch = db().batch();
    const lines = [];
    for (const [index, line] of items.entries()) {
      const snapshot = snapshots[index]!;
      const available = snapshot.get("quantity") as number;
      if (available < line.quantity) throw new HttpsError("failed-precondition", "Not enough stock.", { reason: "insufficient-stock", productId: line.productId, available });
      const quantity = available - line.quantity;
      batch.update(refs[index]!, { quantity, status: quantity > 0 ? "in_stock" : "out_of_stock" }, { lastUpdateTime: snapshot.updateTime! });
      lines.push({ ...line, name: snapshot.get("name") as string, unitPrice: snapshot.get("price") as number });
    }
    const orderRef = db().collection(DIRECT_ORDERS).doc();
    batch.create(orderRef, { uid, items: lines, requestId });
    batch.create(db().collection(DIRECT_EVENTS).doc(), eventFor(orderRef.id, { uid, items: lines }));
    try {
      await batch.commit();
    } catch (error) {
      // FAILED_PRECONDITION: another commit won the race; read again.
      if ((error as { code?: number }).code === 9) continue;
      throw error;
    }
    const total = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
    return { orderId: orderRef.id, reference: orderRef.id.slice(0, 8), status: "confirmed", items: lines, total, currency: "EUR" };
  }
  throw new HttpsError("unavailable", "The product is too busy.", { reason: "contention" });
});
