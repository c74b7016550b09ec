// Cancelling a confirmed order: its units not shipped yet go back to stock exactly once, in the
// same transaction that marks the order cancelled and queues the buyer's cancellation email.
import { FieldValue, type DocumentSnapshot } from "firebase-admin/firestore";
import { remainingMs, type CallBudget } from "../budget";
import * as logger from "firebase-functions/logger";
import { customerRef, orderEmailRef, orderRef as orderDoc, productRef } from "../firestore/paths";
import { inTransaction } from "../firestore/transaction";
import type { Product } from "../stock/productSchema";
import { readProduct } from "../stock/readProduct";
import { Refused } from "../model/refusals";
import { changeStock, setBought } from "../stock/stockChange";
import type { Cancellation, Order } from "../model/order";
import { openCommitments, unshippedLines } from "../model/shipments";
import type { CancelOrderRequest, CancelOrderResult } from "./cancelOrderSchema";
import { changeOrder } from "../outbox/orderChange";

export type { CancelOrderResult };

export interface Canceller {
  uid: string;
  admin: boolean;
}

function notYours(orderId: string): Refused {
  // Same answer as a missing order, so ids of other buyers' orders can't be probed.
  return new Refused({ reason: "order-not-found", orderId });
}

function checkAllowed(orderId: string, order: Order, by: Canceller, windowMinutes: number): void {
  if (by.admin) return;
  if (order.uid !== by.uid) throw notYours(orderId);
  const deadline = order.createdAt.toMillis() + windowMinutes * 60_000;
  if (Date.now() > deadline) {
    throw new Refused({ reason: "cancel-window-passed", orderId, windowMinutes });
  }
}

function productFor(orderId: string, snapshot: DocumentSnapshot): Product {
  const read = readProduct(snapshot);
  if (!read.ok) {
    throw new Refused({ reason: "product-unavailable", orderId, productId: snapshot.id, state: snapshot.exists ? "misconfigured" : "gone" });
  }
  return read.product;
}

function cancelBusy(): Refused {
  return new Refused({ reason: "contention", during: "cancel" });
}

export async function cancelOrder(request: CancelOrderRequest, by: Canceller, windowMinutes: number, budget: CallBudget): Promise<CancelOrderResult> {
  const { orderId, reason, note } = request;
  const orderRef = orderDoc(orderId);
  const result = await inTransaction(async (tx): Promise<CancelOrderResult> => {
    const snapshot = await tx.get(orderRef);
    if (!snapshot.exists) throw notYours(orderId);
    const order = snapshot.data() as Order;
    checkAllowed(orderId, order, by, windowMinutes);
    if (order.status === "cancelled") return { orderId, status: "cancelled", alreadyCancelled: true, returned: [] };
    const unshipped = unshippedLines(order);
    const units = (lines: { quantity: number }[]) => lines.reduce((sum, line) => sum + line.quantity, 0);
    const shipped = units(order.items) - units(unshipped);
    // A buyer can't take back an order once anything shipped; the shop can cancel the rest.
    if (shipped > 0 && (!by.admin || units(unshipped) === 0)) throw new Refused({ reason: "order-shipped", orderId, shipped, unshipped: units(unshipped) });
    const released = unshipped.filter((line) => line.quantity > 0);

    const products = await tx.getAll(...released.map((line) => productRef(line.productId)));
    const read = products.map((product) => productFor(orderId, product));
    // Units returned also return the buyer's allowance on limited products.
    const limited = released
      .filter((_, index) => read[index]?.maxPerCustomer !== undefined)
      .map((line) => ({ line, ref: customerRef(line.productId, order.uid) }));
    const counters = limited.length ? await tx.getAll(...limited.map(({ ref }) => ref)) : [];
    limited.forEach(({ line }, index) => {
      const bought = (counters[index]?.get("bought") as number | undefined) ?? 0;
      setBought(tx, line.productId, order.uid, bought - line.quantity);
    });
    released.forEach((line, index) => {
      // An order's unshipped units are committed where they were allocated; those of an order
      // placed before committed stock existed are in no bucket yet: they go back on the shelf's
      // count (at the default location, where all stock was then).
      const movement = { cause: "cancel" as const, orderIds: [orderId], by: by.uid, reason };
      const movements =
        order.stock === "committed"
          ? [...openCommitments(order, line.productId)].map(([locationId, units]) => ({ ...movement, locationId, deltas: { committed: -units } }))
          : [{ ...movement, deltas: { onHand: line.quantity } }];
      changeStock(tx, line.productId, read[index] as Product, movements);
    });
    const cancellation: Omit<Cancellation, "at"> = { by: by.uid, role: by.admin ? "admin" : "buyer", reason, ...(note ? { note } : {}), released };
    changeOrder(tx, orderId, order, { status: "cancelled", shipsFrom: [], cancellation: { ...cancellation, at: FieldValue.serverTimestamp() } }, "order.cancelled");
    // Creating this document triggers the cancellation email (sendCancellationEmail).
    tx.create(orderEmailRef(orderId, "cancellation"), { kind: "cancellation", status: "pending", attempts: 0, createdAt: FieldValue.serverTimestamp() });
    return { orderId, status: "cancelled", alreadyCancelled: false, returned: released };
  }, { gaveUp: cancelBusy, budgetMs: remainingMs(budget), clock: budget.clock });
  logger.info(result.alreadyCancelled ? "Order already cancelled" : "Order cancelled", { orderId, by: by.uid, admin: by.admin, reason, returned: result.returned });
  return result;
}
