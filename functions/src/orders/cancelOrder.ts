// Cancelling a confirmed order: its units go back to stock exactly once, in the same
// transaction that marks the order cancelled and queues the buyer's cancellation email.
import { FieldValue, type DocumentSnapshot } from "firebase-admin/firestore";
import { remainingMs, type CallBudget } from "../budget";
import * as logger from "firebase-functions/logger";
import { customerRef, orderEmailRef, orderRef as orderDoc, productRef } from "../firestore/paths";
import { inTransaction } from "../firestore/transaction";
import type { Product } from "../stock/productSchema";
import { readProduct } from "../stock/readProduct";
import { Refused } from "../model/refusals";
import { applyStockChange, setBought } from "../stock/stockChange";
import type { Cancellation, Order } from "../model/order";
import type { CancelOrderRequest, CancelOrderResult } from "./cancelOrderSchema";

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

    const products = await tx.getAll(...order.items.map((line) => productRef(line.productId)));
    const read = products.map((product) => productFor(orderId, product));
    // Units returned also return the buyer's allowance on limited products.
    const limited = order.items
      .filter((_, index) => read[index]?.maxPerCustomer !== undefined)
      .map((line) => ({ line, ref: customerRef(line.productId, order.uid) }));
    const counters = limited.length ? await tx.getAll(...limited.map(({ ref }) => ref)) : [];
    limited.forEach(({ line }, index) => {
      const bought = (counters[index]?.get("bought") as number | undefined) ?? 0;
      setBought(tx, line.productId, order.uid, bought - line.quantity);
    });
    order.items.forEach((line, index) => {
      const quantityBefore = (read[index] as Product).quantity;
      const quantityAfter = quantityBefore + line.quantity;
      applyStockChange(tx, { productId: line.productId, before: quantityBefore, after: quantityAfter, cause: "cancel", orderIds: [orderId], by: by.uid, reason });
    });
    const cancellation: Omit<Cancellation, "at"> = { by: by.uid, role: by.admin ? "admin" : "buyer", reason, ...(note ? { note } : {}) };
    tx.update(orderRef, { status: "cancelled", cancellation: { ...cancellation, at: FieldValue.serverTimestamp() } });
    // Creating this document triggers the cancellation email (sendCancellationEmail).
    tx.create(orderEmailRef(orderId, "cancellation"), { kind: "cancellation", status: "pending", attempts: 0, createdAt: FieldValue.serverTimestamp() });
    return { orderId, status: "cancelled", alreadyCancelled: false, returned: order.items.map(({ productId, quantity }) => ({ productId, quantity })) };
  }, { gaveUp: cancelBusy, budgetMs: remainingMs(budget), clock: budget.clock });
  logger.info(result.alreadyCancelled ? "Order already cancelled" : "Order cancelled", { orderId, by: by.uid, admin: by.admin, reason, returned: result.returned });
  return result;
}
