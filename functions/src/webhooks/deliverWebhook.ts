// One attempt of one delivery, run by the deliverWebhook task: POST the event, signed with every
// active secret of the endpoint, log the attempt, and decide. Delivered and failed-for-good end
// the task; a failure worth retrying throws RetryLater so Cloud Tasks runs it again after its
// backoff; an endpoint failing for WEBHOOK_PAUSE_AFTER_SECONDS is paused (its admins told), and
// its deliveries wait, kept, for it to be resumed.
import * as logger from "firebase-functions/logger";
import { FieldValue, Timestamp } from "firebase-admin/firestore";
import { db } from "../firestore/db";
import { adminAlertRef, deliveryRef, eventRef, webhookEndpointRef, webhookSecretsRef } from "../firestore/paths";
import { SIGNATURE_HEADER, signatureHeader } from "../model/webhookSignature";
import { outcomeOf, shouldPause, type AttemptOutcome } from "./deliveryPolicy";
import { LOG_LIMIT, retentionEnd, type AttemptLog, type DeliveryDocument } from "./deliveryDocuments";
import { activeSecrets, type EndpointDocument, type StoredSecret } from "./endpointDocuments";
import type { DeliveryTask } from "./deliveryQueue";
import { postEvent } from "./postEvent";
import { wireEvent } from "./wireEvent";

export interface DeliverySettings {
  timeoutMs: number;
  allowLoopback: boolean;
  retryMs: number;
  maxBackoffMs: number;
  pauseAfterMs: number;
}

// Thrown for Cloud Tasks to run the task again after its backoff.
export class RetryLater extends Error {}

export type TaskResult = "delivered" | "failed" | "paused" | "skipped";

export async function deliverWebhook({ endpointId, eventId }: DeliveryTask, settings: DeliverySettings): Promise<TaskResult> {
  const [endpointSnap, secretsSnap, deliverySnap, eventSnap] = await Promise.all([
    webhookEndpointRef(endpointId).get(),
    webhookSecretsRef(endpointId).get(),
    deliveryRef(endpointId, eventId).get(),
    eventRef(eventId).get(),
  ]);
  const delivery = deliverySnap.data() as DeliveryDocument | undefined;
  // Deleted endpoint, or a duplicate task for a delivery already decided.
  if (!endpointSnap.exists || !delivery || delivery.status === "delivered" || delivery.status === "failed") return "skipped";
  const endpoint = endpointSnap.data() as EndpointDocument;
  if (endpoint.status === "paused") {
    // Kept for the resume. (A resume racing this write leaves it paused under an active
    // endpoint: the sweep's reconcileDeliveries requeues those.)
    await deliverySnap.ref.update({ status: "paused", updatedAt: Timestamp.now() });
    return "paused";
  }
  if (!eventSnap.exists) {
    const now = Timestamp.now();
    await deliverySnap.ref.update({ status: "failed", failedAt: now, updatedAt: now, expireAt: retentionEnd(), failedReason: "The event is no longer kept (older than the retention)." });
    return "failed";
  }
  const body = JSON.stringify(wireEvent(eventSnap.data() as Record<string, unknown>));
  const secrets = activeSecrets((secretsSnap.get("secrets") ?? []) as StoredSecret[], Date.now());
  const headers = { [SIGNATURE_HEADER]: await signatureHeader(body, secrets, Math.floor(Date.now() / 1000)), "user-agent": "firebase-inventory-webhooks/1", "inventory-event-id": eventId };
  const attempt = await postEvent(endpoint.url, body, headers, { timeoutMs: settings.timeoutMs, allowLoopback: settings.allowLoopback });
  const outcome = outcomeOf(attempt.result);
  const result = await recordAttempt(endpointId, eventId, outcome, {
    status: attempt.result.kind === "response" ? attempt.result.status : null,
    latencyMs: attempt.latencyMs,
    ...(outcome.kind !== "delivered" ? { error: outcome.reason } : {}),
    ...(attempt.excerpt ? { excerpt: attempt.excerpt } : {}),
  }, settings);
  logger.info("webhook attempt", { endpointId, eventId, outcome: outcome.kind, result, status: attempt.result.kind === "response" ? attempt.result.status : attempt.result.kind, latencyMs: attempt.latencyMs, attempts: delivery.attempts + 1 });
  if (result === "retry") throw new RetryLater(outcome.kind === "retry" ? outcome.reason : "retry");
  return result;
}

// In one transaction: the attempt in the delivery's log, the delivery's new status, and the
// endpoint's health (failing since when; paused, with an alert for its admins).
async function recordAttempt(
  endpointId: string,
  eventId: string,
  outcome: AttemptOutcome,
  logged: Pick<AttemptLog, "status" | "latencyMs" | "error" | "excerpt">,
  settings: DeliverySettings,
): Promise<TaskResult | "retry"> {
  return db().runTransaction(async (tx) => {
    const endpointRef = webhookEndpointRef(endpointId);
    const ref = deliveryRef(endpointId, eventId);
    const [endpointSnap, deliverySnap] = await Promise.all([tx.get(endpointRef), tx.get(ref)]);
    const delivery = deliverySnap.data() as DeliveryDocument | undefined;
    if (!delivery) return "skipped";
    const now = Timestamp.now();
    const nowMs = now.toMillis();
    const firstAttemptAt = delivery.firstAttemptAt ?? now;
    const log: AttemptLog = { attempt: delivery.attempts + 1, at: now, outcome: outcome.kind, ...logged };
    const update: Record<string, unknown> = { attempts: FieldValue.increment(1), log: [...delivery.log, log].slice(-LOG_LIMIT), firstAttemptAt, lastAttemptAt: now, updatedAt: now };
    const endpoint = endpointSnap.data() as EndpointDocument | undefined;
    let result: TaskResult | "retry";
    if (outcome.kind === "delivered") {
      result = "delivered";
      Object.assign(update, { status: "delivered", deliveredAt: now, expireAt: retentionEnd(nowMs) });
      if (endpoint) tx.update(endpointRef, { failingSince: null, lastSuccessAt: now });
    } else {
      const failingSince = endpoint?.failingSince ?? now;
      const health: Record<string, unknown> = { failingSince, lastFailure: { at: now, reason: outcome.reason } };
      // Another attempt only if Cloud Tasks would still make one within the retry period.
      const lastChance = nowMs - firstAttemptAt.toMillis() + settings.maxBackoffMs >= settings.retryMs;
      if (outcome.kind === "failed" || lastChance) {
        result = "failed";
        Object.assign(update, { status: "failed", failedAt: now, expireAt: retentionEnd(nowMs), failedReason: outcome.kind === "failed" ? outcome.reason : `Gave up after ${delivery.attempts + 1} attempts: ${outcome.reason}` });
      } else if (endpoint?.status === "active" && shouldPause(failingSince.toMillis(), nowMs, settings.pauseAfterMs)) {
        result = "paused";
        Object.assign(update, { status: "paused" });
        const reason = `Every delivery failed for ${Math.round((nowMs - failingSince.toMillis()) / 1000)} s (last: ${outcome.reason}).`;
        Object.assign(health, { status: "paused", pausedAt: now, pauseReason: reason });
        tx.create(adminAlertRef(`webhook-paused-${endpointId}-${nowMs}`), {
          kind: "webhook-endpoint-paused",
          endpointId,
          url: endpoint.url,
          reason,
          createdAt: now,
          email: { status: "pending" },
        });
      } else {
        result = endpoint?.status === "paused" ? "paused" : "retry";
        Object.assign(update, { status: result === "paused" ? "paused" : "retrying" });
      }
      if (endpoint) tx.update(endpointRef, health);
    }
    tx.update(ref, update);
    return result;
  });
}
