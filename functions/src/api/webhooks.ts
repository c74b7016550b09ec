// Webhooks: the admin callables for endpoints, the dispatcher (a trigger on each new event, and
// its sweep), and the deliverWebhook task queue that Cloud Tasks runs each delivery on.
import * as logger from "firebase-functions/logger";
import { HttpsError, onCall } from "firebase-functions/v2/https";
import { onDocumentCreated } from "firebase-functions/v2/firestore";
import { onSchedule } from "firebase-functions/v2/scheduler";
import { onTaskDispatched } from "firebase-functions/v2/tasks";
import {
  region,
  smtpPassword,
  webhookMaxBackoffSeconds,
  webhookMinBackoffSeconds,
  webhookPauseAfterSeconds,
  webhookRetrySeconds,
  webhookTimeoutSeconds,
} from "../config";
import { deliverWebhook as deliver, RetryLater } from "../webhooks/deliverWebhook";
import { deliveryTaskSchema } from "../webhooks/deliveryQueue";
import { dispatchEvent, sweepUndispatchedEvents } from "../webhooks/dispatchEvent";
import { reconcileDeliveries } from "../webhooks/reconcileDeliveries";
import { sweepAdminAlerts } from "../email/adminAlertEmail";
import { createEndpoint, deleteEndpoint, loopbackAllowed, resendEvents, rotateSecret, updateEndpoint } from "../webhooks/endpoints";
import { CALLABLES } from "./callables";
import { atEdge } from "./httpsErrors";
import { requireAdmin } from "./requireAdmin";
import { parseRequest } from "./validation";

const options = { region, timeoutSeconds: 60 };

export const createWebhookEndpoint = onCall(options, (request) =>
  atEdge("createWebhookEndpoint", () => {
    const by = requireAdmin(request);
    return createEndpoint(parseRequest(CALLABLES.createWebhookEndpoint, request.data), by);
  }),
);

export const updateWebhookEndpoint = onCall({ ...options, timeoutSeconds: 540 }, (request) =>
  atEdge("updateWebhookEndpoint", () => {
    requireAdmin(request);
    return updateEndpoint(parseRequest(CALLABLES.updateWebhookEndpoint, request.data));
  }),
);

export const deleteWebhookEndpoint = onCall(options, (request) =>
  atEdge("deleteWebhookEndpoint", () => {
    requireAdmin(request);
    return deleteEndpoint(parseRequest(CALLABLES.deleteWebhookEndpoint, request.data).endpointId);
  }),
);

export const rotateWebhookSecret = onCall(options, (request) =>
  atEdge("rotateWebhookSecret", () => {
    requireAdmin(request);
    return rotateSecret(parseRequest(CALLABLES.rotateWebhookSecret, request.data));
  }),
);

export const resendWebhookEvents = onCall({ ...options, timeoutSeconds: 540 }, (request) =>
  atEdge("resendWebhookEvents", () => {
    requireAdmin(request);
    return resendEvents(parseRequest(CALLABLES.resendWebhookEvents, request.data));
  }),
);

// Every event goes out once committed. `retry: true`: a failed dispatch runs again (deployed);
// the sweep catches what no trigger dispatched.
export const dispatchEvents = onDocumentCreated({ document: "events/{eventId}", region, retry: true, timeoutSeconds: 60, memory: "256MiB" }, async (event) => {
  await dispatchEvent(event.params.eventId);
});

// Every minute: events no trigger dispatched, deliveries nothing will send any more, and admin
// alerts no trigger sent.
async function sweep(minAgeSeconds?: number) {
  const summary = await sweepUndispatchedEvents(minAgeSeconds === undefined ? {} : { minAgeSeconds });
  const requeued = await reconcileDeliveries({ maxBackoffMs: webhookMaxBackoffSeconds.value() * 1000 });
  await sweepAdminAlerts();
  return { ...summary, requeued };
}

export const eventDispatchSweep = onSchedule({ schedule: "every 1 minutes", region, timeoutSeconds: 540, secrets: [smtpPassword] }, async () => {
  await sweep();
});

export const sweepEventsNow = onCall({ region, timeoutSeconds: 540, secrets: [smtpPassword] }, (request) =>
  atEdge("sweepEventsNow", () => {
    requireAdmin(request);
    return sweep(parseRequest(CALLABLES.sweepEventsNow, request.data ?? {}).minAgeSeconds);
  }),
);

// One task per delivery attempt. Cloud Tasks retries a failed attempt with exponential backoff
// (doubling from the minimum up to the maximum) for WEBHOOK_RETRY_SECONDS; the delivery itself
// marks the last attempt failed, so nothing ends silently.
export const deliverWebhook = onTaskDispatched(
  {
    region,
    timeoutSeconds: 60,
    memory: "256MiB",
    // Cloud Tasks stops once both the attempts and the period are used up; the delivery marks
    // its own last attempt failed before that (and the sweep requeues anything left open).
    retryConfig: { maxAttempts: 30, maxRetrySeconds: webhookRetrySeconds, minBackoffSeconds: webhookMinBackoffSeconds, maxBackoffSeconds: webhookMaxBackoffSeconds, maxDoublings: 16 },
    rateLimits: { maxConcurrentDispatches: 50 },
  },
  async (request) => {
    const task = deliveryTaskSchema.safeParse(request.data);
    if (!task.success) {
      // Cloud Tasks retries any answer but 2xx: a task that can never run is logged and dropped.
      logger.error("not a webhook delivery task; dropped", { issues: task.error.issues.length });
      return;
    }
    try {
      await deliver(task.data, {
        // Within the function's own 60 s, so the attempt is always logged.
        timeoutMs: Math.min(webhookTimeoutSeconds.value(), 45) * 1000,
        allowLoopback: loopbackAllowed(),
        retryMs: webhookRetrySeconds.value() * 1000,
        maxBackoffMs: webhookMaxBackoffSeconds.value() * 1000,
        pauseAfterMs: webhookPauseAfterSeconds.value() * 1000,
      });
    } catch (error) {
      // Any answer but 2xx asks Cloud Tasks for the next attempt (the attempt is already logged);
      // not 503 or 429, which would slow the whole queue, every endpoint's deliveries.
      if (error instanceof RetryLater) throw new HttpsError("aborted", error.message);
      throw error;
    }
  },
);
