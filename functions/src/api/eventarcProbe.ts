// Emulator only (index.ts exports it only under FUNCTIONS_EMULATOR, so deploys never see it): an
// onCustomEventPublished function in the same project, as a shop's own would be, that keeps
// each product.created CloudEvent it gets in eventarcReceived/{id} for the tests to read.
import { onCustomEventPublished } from "firebase-functions/v2/eventarc";
import { FieldValue } from "firebase-admin/firestore";
import { db } from "../firestore/db";

export const eventarcProbe = onCustomEventPublished({ eventType: "firebase-inventory.v1.product.created", channel: "locations/us-central1/channels/firebase", region: "us-central1" }, async (event) => {
  await db()
    .collection("eventarcReceived")
    .doc(event.id)
    .set({ type: event.type, subject: event.subject ?? null, source: event.source, data: event.data as Record<string, unknown>, received: FieldValue.increment(1) }, { merge: true });
});
