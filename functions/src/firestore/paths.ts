// Every document and collection the backend uses, in one place (docs/data-model.md).
import { FieldPath, type CollectionReference, type DocumentReference, type Query } from "firebase-admin/firestore";
import { db } from "./db";

export const PRODUCTS = "products";
export const ORDERS = "orders";
// holds/{holdId}: checkout holds (model/holdDocument.ts).
export const HOLDS = "holds";
export const STOCK_MOVEMENTS = "stockMovements";
export const RATE_LIMITS = "rateLimits";
// buyerHolds/{uid}: the buyer's live checkout holds, for the caps on holds.
export const BUYER_HOLDS = "buyerHolds";
// emailTemplates/{kind} and emailTemplates/{kind}_{locale}: a shop's own email templates.
export const EMAIL_TEMPLATES = "emailTemplates";
// orders/{orderId}/emails/{kind}: delivery state of an order's emails other than the confirmation.
export const EMAILS = "emails";
// locations/{locationId}: where stock is (name, active, priority); see stock/locations.ts.
export const LOCATIONS = "locations";
// migrations/{name}: progress of a data migration (migrations/committedStock-2).
export const MIGRATIONS = "migrations";
// events/{eventId}: the outbox, one document per event (model/events.ts), written in the commit
// of the change it describes.
export const EVENTS = "events";

export function eventRef(eventId: string): DocumentReference {
  return db().collection(EVENTS).doc(eventId);
}

export function productRef(productId: string): DocumentReference {
  return db().collection(PRODUCTS).doc(productId);
}

export function orderRef(orderId: string): DocumentReference {
  return db().collection(ORDERS).doc(orderId);
}

export function holdRef(holdId: string): DocumentReference {
  return db().collection(HOLDS).doc(holdId);
}

export function holdsCollection(): CollectionReference {
  return db().collection(HOLDS);
}

export function ordersCollection(): CollectionReference {
  return db().collection(ORDERS);
}

export function orderEmailRef(orderId: string, kind: string): DocumentReference {
  return orderRef(orderId).collection(EMAILS).doc(kind);
}

// Every order's emails (orders/{orderId}/emails/{kind}) and nothing else: a collection-group
// query over `emails` kept to paths under `orders/`, so a shop's own collection of that name
// (say newsletters/{id}/emails) is never read. Document paths compare segment by segment, and
// order ids use only [A-Za-z0-9_-], which sort after "!" and before "\uf8ff".
export function orderEmailsGroup(): Query {
  return db()
    .collectionGroup(EMAILS)
    .where(FieldPath.documentId(), ">=", `${ORDERS}/!`)
    .where(FieldPath.documentId(), "<", `${ORDERS}/\uf8ff`);
}

// orders/{orderId}/fulfilments/{fulfilmentId}: the order's shipments.
export const FULFILMENTS = "fulfilments";

export function fulfilmentRef(orderId: string, fulfilmentId: string): DocumentReference {
  return orderRef(orderId).collection(FULFILMENTS).doc(fulfilmentId);
}

// orders/{orderId}/returns/{returnId}: what came back.
export function returnRef(orderId: string, returnId: string): DocumentReference {
  return orderRef(orderId).collection("returns").doc(returnId);
}

// products/{productId}/customers/{uid}: units that buyer bought of a limited product.
export function customerRef(productId: string, uid: string): DocumentReference {
  return productRef(productId).collection("customers").doc(uid);
}

// products/{productId}/allocator/lease: who drains the product's queue, and whether it is hot.
export function leaseRef(productId: string): DocumentReference {
  return productRef(productId).collection("allocator").doc("lease");
}

export function orderRequests(queueId: string): CollectionReference {
  return productRef(queueId).collection("orderRequests");
}

export function requestRef(queueId: string, orderId: string): DocumentReference {
  return orderRequests(queueId).doc(orderId);
}

export function outcomeRef(queueId: string, orderId: string): DocumentReference {
  return productRef(queueId).collection("orderOutcomes").doc(orderId);
}

export function stockMovements(): CollectionReference {
  return db().collection(STOCK_MOVEMENTS);
}

export function buyerHoldsRef(uid: string): DocumentReference {
  return db().collection(BUYER_HOLDS).doc(uid);
}

export function rateLimitRef(uid: string): DocumentReference {
  return db().collection(RATE_LIMITS).doc(uid);
}

// products/{productId}/transfers/{transferId}: a transfer between locations, by its requestId.
export function transferRef(productId: string, transferId: string): DocumentReference {
  return productRef(productId).collection("transfers").doc(transferId);
}

export function locationRef(locationId: string): DocumentReference {
  return db().collection(LOCATIONS).doc(locationId);
}

export function locationsCollection(): CollectionReference {
  return db().collection(LOCATIONS);
}

export function migrationRef(name: string): DocumentReference {
  return db().collection(MIGRATIONS).doc(name);
}

export function emailTemplateRef(id: string): DocumentReference {
  return db().collection(EMAIL_TEMPLATES).doc(id);
}

// webhookEndpoints/{endpointId}: where events are delivered (admins read them; secrets are not
// here). webhookSecrets/{endpointId}: the signing secrets, read by the functions only.
// webhookEndpoints/{endpointId}/deliveries/{eventId}: one event's delivery and its attempts.
export const WEBHOOK_ENDPOINTS = "webhookEndpoints";
export const WEBHOOK_SECRETS = "webhookSecrets";
export const DELIVERIES = "deliveries";
// adminAlerts/{alertId}: something the shop's admins are told by email (ALERT_EMAILS).
export const ADMIN_ALERTS = "adminAlerts";

export function webhookEndpointRef(endpointId: string): DocumentReference {
  return db().collection(WEBHOOK_ENDPOINTS).doc(endpointId);
}

export function webhookEndpoints(): CollectionReference {
  return db().collection(WEBHOOK_ENDPOINTS);
}

export function webhookSecretsRef(endpointId: string): DocumentReference {
  return db().collection(WEBHOOK_SECRETS).doc(endpointId);
}

export function deliveries(endpointId: string): CollectionReference {
  return webhookEndpointRef(endpointId).collection(DELIVERIES);
}

export function deliveryRef(endpointId: string, eventId: string): DocumentReference {
  return deliveries(endpointId).doc(eventId);
}

export function adminAlertRef(alertId: string): DocumentReference {
  return db().collection(ADMIN_ALERTS).doc(alertId);
}

export function eventsCollection(): CollectionReference {
  return db().collection(EVENTS);
}

export function adminAlerts(): CollectionReference {
  return db().collection(ADMIN_ALERTS);
}
