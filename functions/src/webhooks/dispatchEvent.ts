// After an event's commit: hand it to every endpoint subscribed to its type. Each gets a
// delivery document and a Cloud Tasks task; an endpoint that is paused gets its delivery kept
// ("paused") and sent when it is resumed. Runs from the events/{eventId} trigger, and from the
// sweep for events whose trigger never ran (the emulator never retries triggers; an instance can
// die right after its commit). Dispatching twice dispatches once: deliveries and first tasks are
// named by endpoint and event.
import * as logger from "firebase-functions/logger";
import { Timestamp, type QueryDocumentSnapshot } from "firebase-admin/firestore";
import { eventarcChannel, eventDispatchSweepSeconds } from "../config";
import { createIfAbsent } from "../firestore/createIfAbsent";
import { adminAlertRef, deliveryRef, eventRef, eventsCollection, webhookEndpoints } from "../firestore/paths";
import type { EventType } from "../model/events";
import type { Crossing } from "../model/stockAlerts";
import { enqueueDelivery } from "./deliveryQueue";
import { newDelivery, retentionEnd, type DeliveryDocument } from "./deliveryDocuments";
import { subscribes, type EndpointDocument } from "./endpointDocuments";
import { publishToEventarc } from "./publishEventarc";
import { wireEvent } from "./wireEvent";
import type { EventSweepSummary } from "./webhookSchemas";

export async function dispatchEvent(eventId: string): Promise<{ endpoints: number } | undefined> {
  const snapshot = await eventRef(eventId).get();
  if (!snapshot.exists || snapshot.get("dispatch.status") !== "pending") return undefined;
  const type = snapshot.get("type") as EventType;
  const endpoints = (await webhookEndpoints().get()).docs.filter((endpoint) => subscribes(endpoint.data() as EndpointDocument, type));
  for (const endpoint of endpoints) {
    const { status } = endpoint.data() as EndpointDocument;
    const ref = deliveryRef(endpoint.id, eventId);
    const initial = status === "paused" ? "paused" : "pending";
    const created = await createIfAbsent(ref, newDelivery(eventId, type, initial));
    // One made here is known; one made by an earlier dispatch that died before queueing it is read.
    const delivery = created ? { status: initial, attempts: 0 } : ((await ref.get()).data() as DeliveryDocument | undefined);
    if (delivery?.status === "pending" && delivery.attempts === 0) await enqueueDelivery({ endpointId: endpoint.id, eventId }, { first: true });
  }
  // Stock alerts are also emailed to the admins, batched (email/adminAlertEmail.ts).
  if (STOCK_ALERTS.has(type)) await recordStockAlert(eventId, type, snapshot.get("data.object") as StockAlertObject);
  // Functions in the project get it through Eventarc, when the shop has a channel. After the
  // webhooks and the admins' alert (a broken channel never holds them up), before the event counts as dispatched: a
  // failed publish leaves it to the trigger's retry and the sweep (at least once).
  const channel = eventarcChannel.value();
  if (channel) await publishToEventarc(channel, wireEvent(snapshot.data() as Record<string, unknown>) as Parameters<typeof publishToEventarc>[1]);
  const createdAt = snapshot.get("createdAt") as Timestamp | undefined;
  await snapshot.ref.update({ dispatch: { status: "dispatched", dispatchedAt: Timestamp.now(), endpoints: endpoints.length }, expireAt: retentionEnd(createdAt?.toMillis()) });
  logger.info("event dispatched", { eventId, type, endpoints: endpoints.length });
  return { endpoints: endpoints.length };
}

const STOCK_ALERTS = new Set<EventType>(["inventory.low_stock", "inventory.out_of_stock", "inventory.back_in_stock"]);

interface StockAlertObject {
  id: string;
  name?: string;
  available: number;
  crossings: Crossing[];
}

async function recordStockAlert(eventId: string, type: EventType, object: StockAlertObject): Promise<void> {
  await createIfAbsent(adminAlertRef(`stock-${eventId}`), {
    kind: "stock-alert",
    eventId,
    type,
    productId: object.id,
    ...(object.name ? { name: object.name } : {}),
    available: object.available,
    crossings: object.crossings,
    createdAt: Timestamp.now(),
    email: { status: "pending" },
  });
}

const SWEEP_PAGE = 200;

// Events still undispatched `minAgeSeconds` after their commit (default EVENT_DISPATCH_SWEEP_SECONDS).
export async function sweepUndispatchedEvents({ minAgeSeconds = eventDispatchSweepSeconds.value() }: { minAgeSeconds?: number } = {}): Promise<Omit<EventSweepSummary, "requeued">> {
  const before = Timestamp.fromMillis(Date.now() - minAgeSeconds * 1000);
  let found = 0;
  let dispatched = 0;
  let failed = 0;
  let after: QueryDocumentSnapshot | undefined;
  for (;;) {
    let query = eventsCollection().where("dispatch.status", "==", "pending").where("createdAt", "<=", before).orderBy("createdAt").limit(SWEEP_PAGE);
    if (after) query = query.startAfter(after);
    const page = await query.get();
    found += page.size;
    for (const event of page.docs) {
      // One event that can't go out (a broken Eventarc channel) never holds up the others.
      try {
        if (await dispatchEvent(event.id)) dispatched += 1;
      } catch (error) {
        failed += 1;
        logger.error("event dispatch failed; the next sweep tries again", { eventId: event.id, error: error instanceof Error ? error.message : String(error) });
      }
    }
    if (page.size < SWEEP_PAGE) break;
    after = page.docs[page.size - 1];
  }
  if (found > 0) logger.info("event sweep", { found, dispatched, failed });
  return { found, dispatched };
}
