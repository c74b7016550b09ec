// Admins' webhook endpoints: register one (its signing secret is answered once), change its URL,
// event types or description, pause and resume it, rotate its secret, delete it, and re-send
// events to it. Resuming delivers every event kept for it while it was paused.
import { FieldValue, Timestamp, type DocumentSnapshot } from "firebase-admin/firestore";
import { db } from "../firestore/db";
import { createIfAbsent } from "../firestore/createIfAbsent";
import { deliveries, deliveryRef, eventRef, webhookEndpointRef, webhookEndpoints, webhookSecretsRef } from "../firestore/paths";
import { Refused } from "../model/refusals";
import { enqueueDelivery } from "./deliveryQueue";
import { endpointView, MAX_ENDPOINTS, newSecret, type EndpointDocument, type StoredSecret } from "./endpointDocuments";
import { urlProblem } from "./endpointUrl";
import { newDelivery } from "./deliveryDocuments";
import type {
  CreateWebhookEndpointRequest,
  ResendSummary,
  ResendWebhookEventsRequest,
  RotateWebhookSecretRequest,
  UpdateWebhookEndpointRequest,
  WebhookEndpointView,
  WebhookSecretResult,
} from "./webhookSchemas";

// The emulator runs receivers on this machine (tests, a developer's own); production never may.
export function loopbackAllowed(): boolean {
  return process.env.FUNCTIONS_EMULATOR === "true";
}

function checkUrl(url: string): void {
  const problem = urlProblem(url, { allowLoopback: loopbackAllowed() });
  if (problem) throw new Refused({ reason: "webhook-url-refused", url, problem });
}

function existing(snapshot: DocumentSnapshot, endpointId: string): EndpointDocument {
  if (!snapshot.exists) throw new Refused({ reason: "webhook-endpoint-not-found", endpointId });
  return snapshot.data() as EndpointDocument;
}

export async function createEndpoint(request: CreateWebhookEndpointRequest, by: string): Promise<WebhookSecretResult> {
  checkUrl(request.url);
  const ref = webhookEndpoints().doc();
  const secret = newSecret();
  const now = Timestamp.now();
  const endpoint: EndpointDocument = {
    url: request.url,
    description: request.description ?? "",
    events: request.events,
    status: "active",
    secrets: [{ id: secret.id, hint: secret.hint, createdAt: now, expiresAt: null }],
    createdAt: now,
    createdBy: by,
    updatedAt: now,
    failingSince: null,
    pausedAt: null,
    pauseReason: null,
  };
  await db().runTransaction(async (tx) => {
    const count = (await tx.get(webhookEndpoints().count())).data().count;
    if (count >= MAX_ENDPOINTS) throw new Refused({ reason: "webhook-endpoint-limit", max: MAX_ENDPOINTS });
    tx.create(ref, endpoint);
    tx.create(webhookSecretsRef(ref.id), { secrets: [{ id: secret.id, value: secret.value, createdAt: now, expiresAt: null } satisfies StoredSecret] });
  });
  return { endpoint: endpointView(ref.id, endpoint, now.toMillis()), secret: secret.value };
}

export async function updateEndpoint(request: UpdateWebhookEndpointRequest): Promise<WebhookEndpointView> {
  if (request.url !== undefined) checkUrl(request.url);
  const ref = webhookEndpointRef(request.endpointId);
  const { endpoint, resumed } = await db().runTransaction(async (tx) => {
    const before = existing(await tx.get(ref), request.endpointId);
    const now = Timestamp.now();
    const after: EndpointDocument = {
      ...before,
      ...(request.url !== undefined ? { url: request.url } : {}),
      ...(request.events !== undefined ? { events: request.events } : {}),
      ...(request.description !== undefined ? { description: request.description } : {}),
      updatedAt: now,
    };
    // Asking for "active" always sends what is kept, even when it already was active (a resume
    // whose sending was cut short, or a delivery a race left paused).
    const resumed = request.status === "active";
    if (before.status === "paused" && resumed) Object.assign(after, { status: "active", pausedAt: null, pauseReason: null, failingSince: null });
    if (before.status === "active" && request.status === "paused") Object.assign(after, { status: "paused", pausedAt: now, pauseReason: "Paused by an admin." });
    tx.set(ref, after);
    return { endpoint: after, resumed };
  });
  if (resumed) await requeue(request.endpointId, "paused");
  return endpointView(request.endpointId, endpoint, Date.now());
}

// One delivery back on the queue, with a new retry period. Marked first, then queued: a crash
// between the two leaves a pending delivery that the sweep requeues (reconcileDeliveries).
export async function requeueDelivery(endpointId: string, eventId: string): Promise<void> {
  const now = Timestamp.now();
  await deliveryRef(endpointId, eventId).update({ status: "pending", requeuedAt: now, updatedAt: now, firstAttemptAt: FieldValue.delete(), expireAt: FieldValue.delete() });
  await enqueueDelivery({ endpointId, eventId }, { first: false });
}

// The deliveries in `status` (failed ones: failed since `since`) go back to the queue. Paged, so
// a long pause's backlog is all sent.
async function requeue(endpointId: string, status: "paused" | "failed", since?: Timestamp): Promise<number> {
  const field = status === "failed" ? "failedAt" : "createdAt";
  let queued = 0;
  let after: DocumentSnapshot | undefined;
  for (;;) {
    let query = deliveries(endpointId).where("status", "==", status).orderBy(field).limit(200);
    if (since) query = query.where(field, ">=", since);
    if (after) query = query.startAfter(after);
    const page = await query.get();
    for (const delivery of page.docs) {
      await requeueDelivery(endpointId, delivery.id);
      queued += 1;
    }
    if (page.size < 200) return queued;
    after = page.docs[page.size - 1];
  }
}

export async function resendEvents(request: ResendWebhookEventsRequest): Promise<ResendSummary> {
  const { endpointId } = request;
  existing(await webhookEndpointRef(endpointId).get(), endpointId);
  if ("failedSince" in request) return { endpointId, queued: await requeue(endpointId, "failed", Timestamp.fromDate(new Date(request.failedSince))) };
  const event = await eventRef(request.eventId).get();
  if (!event.exists) throw new Refused({ reason: "webhook-event-not-found", eventId: request.eventId });
  // Any kept event may be re-sent, also one the endpoint wasn't subscribed to when it happened.
  const ref = deliveryRef(endpointId, request.eventId);
  await createIfAbsent(ref, newDelivery(request.eventId, event.get("type") as string, "pending"));
  await requeueDelivery(endpointId, request.eventId);
  return { endpointId, queued: 1 };
}

export async function rotateSecret(request: RotateWebhookSecretRequest): Promise<WebhookSecretResult> {
  const { endpointId, previousSecretHours } = request;
  const secret = newSecret();
  const endpoint = await db().runTransaction(async (tx) => {
    const ref = webhookEndpointRef(endpointId);
    const before = existing(await tx.get(ref), endpointId);
    const stored = ((await tx.get(webhookSecretsRef(endpointId))).get("secrets") ?? []) as StoredSecret[];
    const now = Timestamp.now();
    const until = Timestamp.fromMillis(now.toMillis() + previousSecretHours * 3_600_000);
    // The secrets still signing get an end (the sooner of theirs and `until`); expired ones go.
    const ending = <T extends { expiresAt: Timestamp | null }>(secrets: T[]): T[] =>
      secrets
        .filter((old) => old.expiresAt === null || old.expiresAt.toMillis() > now.toMillis())
        .map((old) => ({ ...old, expiresAt: old.expiresAt && old.expiresAt.toMillis() < until.toMillis() ? old.expiresAt : until }))
        .filter((old) => (old.expiresAt).toMillis() > now.toMillis());
    const after: EndpointDocument = { ...before, secrets: [...ending(before.secrets), { id: secret.id, hint: secret.hint, createdAt: now, expiresAt: null }], updatedAt: now };
    tx.set(ref, after);
    tx.set(webhookSecretsRef(endpointId), { secrets: [...ending(stored), { id: secret.id, value: secret.value, createdAt: now, expiresAt: null }] });
    return after;
  });
  return { endpoint: endpointView(endpointId, endpoint, Date.now()), secret: secret.value };
}

// Its deliveries stay until their retention ends (the log); queued tasks find no endpoint and stop.
export async function deleteEndpoint(endpointId: string): Promise<{ endpointId: string; deleted: boolean }> {
  const deleted = await db().runTransaction(async (tx) => {
    const ref = webhookEndpointRef(endpointId);
    if (!(await tx.get(ref)).exists) return false;
    tx.delete(ref);
    tx.delete(webhookSecretsRef(endpointId));
    return true;
  });
  return { endpointId, deleted };
}
