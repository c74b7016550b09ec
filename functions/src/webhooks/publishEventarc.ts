// Publishes an event to the shop's Eventarc channel (EVENTARC_CHANNEL), as Firebase extensions
// do, for functions in the same project (`onCustomEventPublished`). The CloudEvent's id is the
// event's id, so a consumer de-duplicates a re-publish (the dispatcher runs at least once) the
// way a webhook receiver does; its type is `firebase-inventory.v1.<type>`, its subject the
// resource, its data the event as webhooks deliver it.
import { getApps, initializeApp, type App } from "firebase-admin/app";
import { getEventarc } from "firebase-admin/eventarc";
import { adminApp } from "../firestore/db";

const EMULATOR_APP = "eventarc-emulator";

// Deployed: the functions' own credentials. Under the Eventarc emulator the Admin SDK still asks
// Google for an access token (it has no emulator path for this client, unlike Firestore's or Cloud
// Tasks'), which a machine without Google credentials can't get: it gets the emulators' "owner"
// token instead, as the SDK itself does for Cloud Tasks.
function eventarcApp(): App {
  if (!process.env.CLOUD_EVENTARC_EMULATOR_HOST) return adminApp();
  const projectId = adminApp().options.projectId ?? process.env.GCLOUD_PROJECT;
  return (
    getApps().find((app) => app.name === EMULATOR_APP) ??
    initializeApp({ ...(projectId ? { projectId } : {}), credential: { getAccessToken: () => Promise.resolve({ access_token: "owner", expires_in: 3600 }) } }, EMULATOR_APP)
  );
}

export const EVENTARC_TYPE_PREFIX = "firebase-inventory.v1.";

export async function publishToEventarc(channel: string, event: { id: string; type: string; resource: { type: string; id: string } } & Record<string, unknown>): Promise<void> {
  await getEventarc(eventarcApp())
    .channel(channel)
    .publish({ id: event.id, type: `${EVENTARC_TYPE_PREFIX}${event.type}`, subject: `${event.resource.type}/${event.resource.id}`, source: "firebase-inventory", data: event });
}
