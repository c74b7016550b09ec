// A change to an order and its event, in the caller's commit: the order's next sequence, the
// event carrying the order after the change and the fields the change moved.
import type { DocumentData, DocumentReference } from "firebase-admin/firestore";
import { orderRef } from "../firestore/paths";
import { orderObject } from "../model/eventObjects";
import { previousFields, type EventType } from "../model/events";
import type { OrderDocument } from "../model/orderDocument";
import { recordEvent, type CreatesEvents } from "./recordEvent";

export interface ChangesOrders extends CreatesEvents {
  update(ref: DocumentReference, data: DocumentData): unknown;
}

export function changeOrder<Time>(writer: ChangesOrders, orderId: string, order: OrderDocument<Time>, change: Partial<OrderDocument<unknown>>, type: EventType): void {
  const sequence = (order.eventSequence ?? 0) + 1;
  const changed = { ...change, eventSequence: sequence };
  writer.update(orderRef(orderId), changed);
  const [before, after] = [orderObject(orderId, order), orderObject(orderId, { ...order, ...changed })];
  recordEvent(writer, { type, resource: { type: "order", id: orderId }, sequence, object: after, previous: previousFields(before, after) });
}
