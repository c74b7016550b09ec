// Units coming back from a buyer, in one transaction: the return document
// (orders/{orderId}/returns/{returnId}, the id from the requestId so a retry never counts twice),
// restocked units back on hand (for sale again) or written off in the ledger, and the order's
// return summary. Never more than shipped and not returned yet.
import { FieldValue } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { orderRef, productRef, returnRef } from "../firestore/paths";
import { inTransaction } from "../firestore/transaction";
import type { Order } from "../model/order";
import type { ReturnDocument } from "../model/orderDocument";
import { Refused } from "../model/refusals";
import { allocationsOf, DEFAULT_LOCATION, unitsAt } from "../model/allocations";
import { returnableLines, sameLines } from "../model/shipments";
import { requireActiveLocation } from "../stock/locations";
import { readProduct } from "../stock/readProduct";
import { changeStock } from "../stock/stockChange";
import type { ReturnItemsRequest, ReturnItemsResult } from "./fulfilmentSchemas";
import { returnIdFor } from "./orderId";
import { changeOrder } from "../outbox/orderChange";

export type { ReturnItemsResult };

export async function returnItems(request: ReturnItemsRequest, by: string): Promise<ReturnItemsResult> {
  const { orderId, requestId, restock, reason } = request;
  const returnId = returnIdFor(orderId, requestId);
  const result = await inTransaction(async (tx): Promise<ReturnItemsResult> => {
    const [orderSnapshot, earlier] = await tx.getAll(orderRef(orderId), returnRef(orderId, returnId));
    if (!orderSnapshot?.exists) throw new Refused({ reason: "order-not-found", orderId });
    const order = orderSnapshot.data() as Order;
    if (earlier?.exists) {
      const done = earlier.data() as ReturnDocument<unknown>;
      if (!sameLines(request.lines, done.lines) || done.restock !== restock) throw new Refused({ reason: "request-id-reused", requestId });
      return { orderId, returnId, lines: done.lines, restock, replayed: true };
    }
    const returnable = new Map(returnableLines(order).map((line) => [line.productId, line.quantity]));
    const lines = request.lines.map(({ productId, quantity }) => {
      const left = returnable.get(productId) ?? 0;
      if (quantity > left) throw new Refused({ reason: "return-too-many", orderId, productId, requested: quantity, returnable: left });
      return { productId, name: order.items.find((line) => line.productId === productId)?.name ?? productId, quantity };
    });
    if (request.locationId) await requireActiveLocation(tx, request.locationId);
    const products = await tx.getAll(...lines.map((line) => productRef(line.productId)));
    // Back on the shelf they came from, unless told otherwise.
    const backTo = (productId: string) => request.locationId ?? unitsAt(allocationsOf(order), productId).keys().next().value ?? DEFAULT_LOCATION;
    lines.forEach((line, index) => {
      const snapshot = products[index];
      // A deleted product has no shelf to go back to: the return is still recorded.
      if (!snapshot?.exists) return;
      const read = readProduct(snapshot);
      if (!read.ok) throw new Refused(read.refusal.reason === "product-misconfigured" ? { ...read.refusal, during: "stock-change" } : read.refusal);
      const movement = restock
        ? { cause: "return" as const, locationId: backTo(line.productId), deltas: { onHand: line.quantity } }
        : { cause: "write-off" as const, locationId: backTo(line.productId), deltas: {}, writtenOff: line.quantity, always: true };
      changeStock(tx, line.productId, read.product, [{ ...movement, orderIds: [orderId], by, ...(reason ? { reason } : {}) }]);
    });
    const returned = { ...order.returns?.returned };
    const restocked = { ...order.returns?.restocked };
    for (const line of lines) {
      returned[line.productId] = (returned[line.productId] ?? 0) + line.quantity;
      if (restock) restocked[line.productId] = (restocked[line.productId] ?? 0) + line.quantity;
    }
    tx.create(returnRef(orderId, returnId), { requestId, lines, restock, ...(reason ? { reason } : {}), by, at: FieldValue.serverTimestamp() });
    changeOrder(tx, orderId, order, { returns: { returned, restocked, returns: (order.returns?.returns ?? 0) + 1 } }, "order.returned");
    return { orderId, returnId, lines, restock, replayed: false };
  }, { gaveUp: () => new Refused({ reason: "contention", during: "stock-change" }) });
  logger.info(result.replayed ? "Return replayed" : "Items returned", { orderId, returnId, by, restock, lines: result.lines });
  return result;
}
