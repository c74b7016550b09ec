// Shipping an order, in part or whole: in one transaction the shipment is recorded
// (orders/{orderId}/fulfilments/{id}, the id from the requestId so a retry never ships twice),
// the shipped units leave the products' committed stock where they were allocated and the
// on-hand stock there (or at another location named explicitly, from its unpromised units), the order's
// status and shipment summary move on, and the shipment email is queued (one per shipment).
import { FieldValue, type DocumentSnapshot } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { emailDocumentId } from "../model/orderEmails";
import { fulfilmentRef, orderEmailRef, orderRef, productRef } from "../firestore/paths";
import { inTransaction } from "../firestore/transaction";
import type { Fulfilment, Order, OrderStatus } from "../model/order";
import { Refused } from "../model/refusals";
import { readProduct } from "../stock/readProduct";
import { changeStock, type Movement } from "../stock/stockChange";
import { DEFAULT_LOCATION, takeUnits, type Allocation } from "../model/allocations";
import { openCommitments, sameLines, shipsFromOf, unshippedLines } from "../model/shipments";
import { availableAt, moveBuckets, stockOf } from "../stock/buckets";
import { requireActiveLocation } from "../stock/locations";
import type { FulfillOrderRequest, FulfillOrderResult } from "./fulfilmentSchemas";
import { fulfilmentIdFor } from "./orderId";
import { changeOrder } from "../outbox/orderChange";

export type { FulfillOrderResult };

type ShipmentLine = FulfillOrderResult["lines"][number];

// The lines this shipment takes: those asked for, each within what is left to ship, or
// everything left when none are named.
export function shipmentLines(orderId: string, order: Order, asked: FulfillOrderRequest["lines"]): ShipmentLine[] {
  const left = new Map(unshippedLines(order).map((line) => [line.productId, line.quantity]));
  const nameOf = (productId: string) => order.items.find((line) => line.productId === productId)?.name ?? productId;
  if (!asked) return [...left].filter(([, quantity]) => quantity > 0).map(([productId, quantity]) => ({ productId, name: nameOf(productId), quantity }));
  return asked.map(({ productId, quantity }) => {
    const unshipped = left.get(productId) ?? 0;
    if (quantity > unshipped) throw new Refused({ reason: "fulfil-too-many", orderId, productId, requested: quantity, unshipped });
    return { productId, name: nameOf(productId), quantity };
  });
}

function statusAfter(order: Order, shipped: Record<string, number>): OrderStatus {
  return order.items.every((line) => (shipped[line.productId] ?? 0) >= line.quantity) ? "fulfilled" : "partially_fulfilled";
}


function productFor(snapshot: DocumentSnapshot) {
  if (!snapshot.exists) return undefined;
  const read = readProduct(snapshot);
  if (!read.ok) throw new Refused(read.refusal.reason === "product-misconfigured" ? { ...read.refusal, during: "stock-change" } : read.refusal);
  return read.product;
}

// `notify: false`: no shipment email (orders marked shipped in bulk that shipped outside the system).
export async function fulfilOrder(request: FulfillOrderRequest, by: string, { notify = true }: { notify?: boolean } = {}): Promise<FulfillOrderResult> {
  const { orderId, requestId, carrier, trackingNumber } = request;
  const fulfilmentId = fulfilmentIdFor(orderId, requestId);
  const result = await inTransaction(async (tx): Promise<FulfillOrderResult> => {
    const [orderSnapshot, earlier] = await tx.getAll(orderRef(orderId), fulfilmentRef(orderId, fulfilmentId));
    if (!orderSnapshot?.exists) throw new Refused({ reason: "order-not-found", orderId });
    const order = orderSnapshot.data() as Order;
    if (earlier?.exists) {
      const shipment = earlier.data() as Fulfilment;
      if (request.lines && !sameLines(request.lines, shipment.lines)) throw new Refused({ reason: "request-id-reused", requestId });
      return { orderId, fulfilmentId, status: order.status, lines: shipment.lines, replayed: true };
    }
    if (order.status === "cancelled" || order.status === "fulfilled") throw new Refused({ reason: "order-not-fulfillable", orderId, status: order.status });
    const lines = shipmentLines(orderId, order, request.lines);
    const { locationId: shipFrom } = request;
    if (shipFrom) await requireActiveLocation(tx, shipFrom);
    const products = await tx.getAll(...lines.map((line) => productRef(line.productId)));
    const read = products.map(productFor);
    const releasedAt: Record<string, Record<string, number>> = structuredClone(order.fulfilment?.releasedAt ?? {});
    const from: Allocation[] = [];
    lines.forEach((line, index) => {
      const product = read[index];
      // Shipped units leave the promise where they were allocated, and the shelf there (or at
      // `shipFrom`, named explicitly). Units of an order placed before committed stock existed
      // are in no bucket: the ledger records the shipment, nothing moves.
      const release = order.stock === "committed" ? takeUnits(openCommitments(order, line.productId), line.quantity) : new Map<string, number>();
      if (release.size > 0) {
        const released = (releasedAt[line.productId] ??= {});
        for (const [locationId, units] of release) released[locationId] = (released[locationId] ?? 0) + units;
      }
      if (shipFrom || order.stock !== "committed") from.push({ productId: line.productId, locationId: shipFrom ?? DEFAULT_LOCATION, quantity: line.quantity });
      else for (const [locationId, quantity] of release) from.push({ productId: line.productId, locationId, quantity });
      // A deleted product's stock went with it: the shipment is still recorded.
      if (!product) return;
      const movement = { cause: "fulfil" as const, orderIds: [orderId], fulfilmentId, by, always: true };
      if (order.stock !== "committed") {
        changeStock(tx, line.productId, product, [{ ...movement, ...(shipFrom ? { locationId: shipFrom } : {}), deltas: {} }]);
        return;
      }
      const steps: Movement[] = [...release].map(([locationId, units]) => ({ ...movement, locationId, deltas: { committed: -units, ...(shipFrom ? {} : { onHand: -units }) } }));
      if (shipFrom) {
        // The other location gives units it has not promised to anyone else.
        const stock = stockOf(product);
        for (const [locationId, units] of release) stock[locationId] = moveBuckets(stock[locationId] ?? { onHand: 0, committed: 0, held: 0 }, { committed: -units });
        const available = availableAt(stock[shipFrom] ?? { onHand: 0, committed: 0, held: 0 });
        if (available < line.quantity) throw new Refused({ reason: "location-short", locationId: shipFrom, productId: line.productId, requested: line.quantity, available });
        steps.push({ ...movement, locationId: shipFrom, deltas: { onHand: -line.quantity } });
      }
      changeStock(tx, line.productId, product, steps);
    });
    const shipped = { ...order.fulfilment?.shipped };
    for (const line of lines) shipped[line.productId] = (shipped[line.productId] ?? 0) + line.quantity;
    const status = statusAfter(order, shipped);
    const details = { ...(carrier ? { carrier } : {}), ...(trackingNumber ? { trackingNumber } : {}) };
    tx.create(fulfilmentRef(orderId, fulfilmentId), { requestId, lines, from, ...details, by, at: FieldValue.serverTimestamp() });
    const change = {
      status,
      ...(order.stock === "committed" ? { shipsFrom: shipsFromOf({ ...order, fulfilment: { shipments: 0, ...order.fulfilment, shipped, releasedAt } }) } : {}),
      fulfilment: { shipped, releasedAt, shipments: (order.fulfilment?.shipments ?? 0) + 1, lastShippedAt: FieldValue.serverTimestamp(), ...details },
    };
    changeOrder(tx, orderId, order, change, status === "fulfilled" ? "order.fulfilled" : "order.partially_fulfilled");
    // The shipment email's delivery state, holding what it tells (sendShipmentEmail, triggered by the
    // shipment, finds none when not notifying, and sends nothing).
    if (notify) tx.create(orderEmailRef(orderId, emailDocumentId({ kind: "shipment", fulfilmentId })), {
      kind: "shipment",
      fulfilmentId,
      shipment: { lines, ...details, complete: status === "fulfilled" },
      status: "pending",
      attempts: 0,
      createdAt: FieldValue.serverTimestamp(),
    });
    return { orderId, fulfilmentId, status, lines, replayed: false };
  }, { gaveUp: () => new Refused({ reason: "contention", during: "stock-change" }) });
  logger.info(result.replayed ? "Shipment replayed" : "Order shipped", { orderId, fulfilmentId, by, status: result.status, lines: result.lines });
  return result;
}
