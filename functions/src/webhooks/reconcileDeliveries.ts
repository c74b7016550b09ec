// Deliveries that nothing will send any more get sent: under an active endpoint, those left
// "paused" (a pause and a resume raced) and those open with no attempt for longer than Cloud
// Tasks would wait (a task lost between marking a delivery and queueing it, or one that Cloud
// Tasks gave up on). Run by the scheduled sweep with the undispatched events: at least once,
// never silently stuck.
import * as logger from "firebase-functions/logger";
import { Timestamp } from "firebase-admin/firestore";
import { deliveries, webhookEndpoints } from "../firestore/paths";
import type { EndpointDocument } from "./endpointDocuments";
import { requeueDelivery } from "./endpoints";

const PAGE = 200;
// Beyond the longest backoff, the margin a busy queue may need.
const SLACK_MS = 30 * 60_000;

export async function reconcileDeliveries({ maxBackoffMs, nowMs = Date.now() }: { maxBackoffMs: number; nowMs?: number }): Promise<number> {
  let requeued = 0;
  const stale = Timestamp.fromMillis(nowMs - maxBackoffMs - SLACK_MS);
  for (const endpoint of (await webhookEndpoints().get()).docs) {
    if ((endpoint.data() as EndpointDocument).status !== "active") continue;
    const stranded = [
      ...(await deliveries(endpoint.id).where("status", "==", "paused").limit(PAGE).get()).docs,
      ...(await deliveries(endpoint.id).where("status", "in", ["pending", "retrying"]).where("updatedAt", "<=", stale).limit(PAGE).get()).docs,
    ];
    for (const delivery of stranded) {
      try {
        await requeueDelivery(endpoint.id, delivery.id);
        requeued += 1;
      } catch (error) {
        logger.error("requeue failed; the next sweep tries again", { endpointId: endpoint.id, eventId: delivery.id, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  if (requeued > 0) logger.warn("webhook deliveries requeued", { requeued });
  return requeued;
}
