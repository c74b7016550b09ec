import { createHash } from "node:crypto";

// Same buyer + same requestId => same order document, which is what makes replays idempotent
// without a separate lookup collection. Two buyers can't collide on each other's ids.
export function orderIdFor(uid: string, requestId: string): string {
  return createHash("sha256").update(uid).update("\u0000").update(requestId).digest("hex").slice(0, 32);
}

// A hold's id, from the same buyer + requestId idempotency, in its own namespace.
export function holdIdFor(uid: string, requestId: string): string {
  return createHash("sha256").update(uid).update("\u0000hold\u0000").update(requestId).digest("hex").slice(0, 32);
}

// The order a hold becomes: one per hold, whatever requestId converts it, so converting
// twice (a retry, a second tab) can only ever make the same order. Its own namespace: a NUL
// can't occur in a requestId (printable ASCII), so no plain order's requestId can reach it.
export function orderIdForHold(uid: string, holdId: string): string {
  return createHash("sha256").update(uid).update("\u0000order-from-hold\u0000").update(holdId).digest("hex").slice(0, 32);
}

// A shipment's id: one per order and requestId, so a retried shipment finds itself.
export function fulfilmentIdFor(orderId: string, requestId: string): string {
  return createHash("sha256").update(orderId).update("\u0000fulfilment\u0000").update(requestId).digest("hex").slice(0, 24);
}

// A return's id: one per order and requestId, so a retried return finds itself.
export function returnIdFor(orderId: string, requestId: string): string {
  return createHash("sha256").update(orderId).update("\u0000return\u0000").update(requestId).digest("hex").slice(0, 24);
}
