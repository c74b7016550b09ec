// The order flow: one transaction that replays an earlier order for the same requestId,
// or reserves stock and writes the order document together.
import { FieldValue, type DocumentSnapshot } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { db, ORDERS } from "../firestore";
import { reserveStock } from "../stock/stock";
import { busy, requestIdReused } from "./orderErrors";
import { orderIdFor } from "./orderId";
import type { Order, PlaceOrderResult } from "./orderSchema";
import type { PlaceOrderRequest } from "./placeOrderSchema";
import { ContentionExhausted, withContentionRetry } from "./contentionRetry";

export interface Buyer {
  uid: string;
  email: string;
}

export interface CreateOrderOptions {
  maxAttempts: number;
  deadline: number;
}

function sameItems(order: Order, request: PlaceOrderRequest): boolean {
  const key = (items: { productId: string; quantity: number }[]) =>
    items
      .map((item) => `${item.productId}:${item.quantity}`)
      .sort()
      .join(",");
  return key(order.items) === key(request.items);
}

function toResult(orderId: string, order: Pick<Order, "status" | "items" | "total" | "currency">): PlaceOrderResult {
  return { orderId, status: order.status, items: order.items, total: order.total, currency: order.currency };
}

function replay(snapshot: DocumentSnapshot, request: PlaceOrderRequest): PlaceOrderResult {
  const order = snapshot.data() as Order;
  if (!sameItems(order, request)) throw requestIdReused(request.requestId);
  return toResult(snapshot.id, order);
}

export async function createOrder(
  buyer: Buyer,
  request: PlaceOrderRequest,
  options: CreateOrderOptions,
): Promise<PlaceOrderResult & { replayed: boolean }> {
  const orderId = orderIdFor(buyer.uid, request.requestId);
  const orderRef = db().collection(ORDERS).doc(orderId);

  // A replay needs no lock on the products: answer it from the order alone.
  const earlier = await orderRef.get();
  if (earlier.exists) return { ...replay(earlier, request), replayed: true };

  const { value, attempts } = await withContentionRetry(
    () =>
      db().runTransaction(
        async (tx) => {
          const existing = await tx.get(orderRef);
          if (existing.exists) return { ...replay(existing, request), replayed: true };

          const { lines, currency } = await reserveStock(tx, request.items);
          const total = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
          tx.create(orderRef, {
            uid: buyer.uid,
            email: buyer.email,
            items: lines,
            total,
            currency,
            status: "confirmed",
            createdAt: FieldValue.serverTimestamp(),
            requestId: request.requestId,
            confirmation: { status: "pending", attempts: 0 },
          });
          return { ...toResult(orderId, { status: "confirmed", items: lines, total, currency }), replayed: false };
        },
        { maxAttempts: options.maxAttempts },
      ),
    options.deadline,
  ).catch((error: unknown) => {
    if (error instanceof ContentionExhausted) {
      logger.warn("Order not placed: contention outlasted the deadline", { orderId, attempts: error.attempts });
      throw busy();
    }
    throw error;
  });
  logger.info(value.replayed ? "Order replayed" : "Order placed", {
    orderId,
    uid: buyer.uid,
    productIds: request.items.map((item) => item.productId),
    total: value.total,
    attempts,
  });
  return value;
}
