// Publishes an event to the shop's Eventarc channel (EVENTARC_CHANNEL), as Firebase extensions
// do, for functions in the same project (`onCustomEventPublished`). The CloudEvent's id is the
// event's id, so a consumer de-duplicates a re-publish (the dispatcher runs at least once) the
// way a webhook receiver does; its type is `firebase-inventory.v1.<type>`, its subject the
// resource, its data the event as webhooks deliver it.
import { getEventarc } from "firebase-admin/eventarc";
import { adminApp } from "../firestore/db";

export const EVENTARC_TYPE_PREFIX = "firebase-inventory.v1.";

export async function publishToEventarc(channel: string, event: { id: string; type: string; resource: { type: string; id: string } } & Record<string, unknown>): Promise<void> {
  await getEventarc(adminApp())
    .channel(channel)
    .publish({ id: event.id, type: `${EVENTARC_TYPE_PREFIX}${event.type}`, subject: `${event.resource.type}/${event.resource.id}`, source: "firebase-inventory", data: event });
}
