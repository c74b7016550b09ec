// The events the backend emits for the systems a shop connects (webhooks, Eventarc): one
// contract, documented in docs/events.md. Each is written in the same commit as the change it
// describes (the outbox, functions/src/outbox), so neither exists without the other.

// Bumped when an event's shape changes incompatibly; receivers see it on every event.
export const EVENTS_API_VERSION = "2026-12-05";

export const EVENT_TYPES = [
  "order.placed",
  "order.partially_fulfilled",
  "order.fulfilled",
  "order.cancelled",
  "order.returned",
  "hold.placed",
  "hold.converted",
  "hold.released",
  "hold.expired",
  // A product's available units crossed a line, for its total or at a location (data.object.crossings).
  "inventory.low_stock",
  "inventory.out_of_stock",
  "inventory.back_in_stock",
  // An admin's stock operation that crossed no line (data.object.change says what was done).
  "inventory.restocked",
  "inventory.counted",
  "inventory.transferred",
  "product.created",
  "product.updated",
  // A product document written outside this backend (the Firebase console, a script): what changed.
  "product.changed_outside",
  // An order's email (confirmation, cancellation, shipment) given up for good (resource: the order).
  "email.failed",
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export type ResourceType = "order" | "hold" | "product";

// As stored in `events/{eventId}` (Time: a Firestore timestamp) and as delivered (ISO strings).
export interface EventEnvelope<Time, Object = Record<string, unknown>> {
  id: string;
  type: EventType;
  apiVersion: string;
  createdAt: Time;
  resource: { type: ResourceType; id: string };
  // Per resource, from 1, one more for each of its events: a consumer applies them in order and
  // knows when one is missing or late (deliveries are at least once and unordered).
  sequence: number;
  data: {
    // The resource after the change.
    object: Object;
    // The fields the change moved, as they were before it (absent on creation).
    previous?: Partial<Object>;
  };
}

// Fields of `object` whose values differ, as they were in `before` (null where a field was absent).
export function previousFields<T extends Record<string, unknown>>(before: T, after: T): Partial<T> {
  const previous: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) previous[key] = before[key] ?? null;
  }
  return previous as Partial<T>;
}
