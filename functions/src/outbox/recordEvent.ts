// The outbox: an event is a document written in the same commit (transaction or guarded batch)
// as the change it describes, so no change commits without its event and no event without its
// change, whatever crashes. Dispatching it (webhooks, Eventarc) happens after the commit.
import { createHash } from "node:crypto";
import { FieldValue, type DocumentData, type DocumentReference, type Transaction } from "firebase-admin/firestore";
import { eventRef, eventsCollection } from "../firestore/paths";
import { EVENTS_API_VERSION, type EventType, type ResourceType } from "../model/events";

export interface CreatesEvents {
  create(ref: DocumentReference, data: DocumentData): unknown;
}

// One id per resource and sequence: a transaction retried after its commit landed re-reads the
// sequence it wrote, so an event is never written twice under two ids.
export function eventIdFor(resource: { type: ResourceType; id: string }, sequence: number): string {
  return `evt_${createHash("sha256").update(`${resource.type}/${resource.id}/${sequence}`).digest("hex").slice(0, 32)}`;
}

export function recordEvent(
  writer: CreatesEvents,
  event: { type: EventType; resource: { type: ResourceType; id: string }; sequence: number; object: Record<string, unknown>; previous?: Record<string, unknown> },
): string {
  const id = eventIdFor(event.resource, event.sequence);
  writer.create(eventRef(id), {
    id,
    type: event.type,
    apiVersion: EVENTS_API_VERSION,
    createdAt: FieldValue.serverTimestamp(),
    resource: event.resource,
    sequence: event.sequence,
    data: { object: event.object, ...(event.previous ? { previous: event.previous } : {}) },
    // Dispatch state: "pending" until handed to every subscriber (the dispatcher and its sweep).
    dispatch: { status: "pending" },
  });
  return id;
}

// The sequence of a resource's last event still kept, for a resource whose document lost its
// count (a product deleted and made again): its next events must not take ids already written.
export async function lastEventSequence(tx: Transaction, productId: string): Promise<number> {
  const last = await tx.get(eventsCollection().where("resource.type", "==", "product").where("resource.id", "==", productId).orderBy("sequence", "desc").limit(1));
  return (last.docs[0]?.get("sequence") as number | undefined) ?? 0;
}
