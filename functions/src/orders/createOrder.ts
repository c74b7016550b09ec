// The order flow: the allocator decides the order (or answers its replay); this turns its
// verdict into the buyer's answer, and logs it.
import * as logger from "firebase-functions/logger";
import { itemsKey, resultOf } from "../allocator/allocationPlan";
import type { AllocateOptions, AllocationRequest, Verdict } from "../allocator/allocate";
import { orderRef } from "../firestore/paths";
import type { Order, PlaceOrderResult } from "../model/order";
import { Refused } from "../model/refusals";
import { decide } from "./decide";
import { orderIdFor } from "./orderId";
import type { PlaceOrderRequest } from "./placeOrderSchema";

export interface Buyer {
  uid: string;
  email: string;
  // From the account (a `locale` custom claim), when it has one.
  locale?: string;
}

export type CreateOrderOptions = AllocateOptions;

async function existingOrder(orderId: string, request: PlaceOrderRequest): Promise<PlaceOrderResult | undefined> {
  const snapshot = await orderRef(orderId).get();
  if (!snapshot.exists) return undefined;
  const order = snapshot.data() as Order;
  if (itemsKey(order.items) !== itemsKey(request.items)) throw new Refused({ reason: "request-id-reused", requestId: request.requestId });
  return resultOf(orderId, order);
}

const messages: Record<Verdict["kind"], string> = { confirmed: "Order placed", replayed: "Order replayed", refused: "Order refused" };

export async function createOrder(buyer: Buyer, request: PlaceOrderRequest, options: CreateOrderOptions): Promise<PlaceOrderResult> {
  const orderId = orderIdFor(buyer.uid, request.requestId);
  const locale = request.locale ?? buyer.locale;
  const order: AllocationRequest = { kind: "order", id: orderId, uid: buyer.uid, email: buyer.email, requestId: request.requestId, items: request.items, ...(locale ? { locale } : {}), ...(request.shippingAddress ? { shippingAddress: request.shippingAddress } : {}) };

  const context = { orderId, uid: buyer.uid, productIds: request.items.map((item) => item.productId) };
  const decided = await decide(order, options, "Order", context, () => existingOrder(orderId, request));
  if ("stored" in decided) return decided.stored;
  const { verdict, log } = decided;
  logger.info(messages[verdict.kind], { ...log, outcome: verdict.kind === "refused" ? verdict.refusal.reason : verdict.kind });
  if (verdict.kind === "refused") throw new Refused(verdict.refusal);
  return verdict.result;
}
