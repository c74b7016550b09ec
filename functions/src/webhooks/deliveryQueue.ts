// Each webhook delivery is a Cloud Tasks task for the deliverWebhook function: durable (the task
// survives any instance), retried with exponential backoff by Cloud Tasks under the retry config
// deliverWebhook declares, and spread out by its rate limits. The delivery document
// (webhookEndpoints/{endpointId}/deliveries/{eventId}) is the truth about it; a task only says
// "try this delivery now", so a duplicate task is harmless.
import { randomBytes } from "node:crypto";
import { getFunctions } from "firebase-admin/functions";
import { z } from "zod";
import { region } from "../config";
import { adminApp } from "../firestore/db";

export const DELIVERY_FUNCTION = "deliverWebhook";

// What a task carries, checked when it runs (anything else on the queue is refused, not retried).
export const deliveryTaskSchema = z.strictObject({ endpointId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), eventId: z.string().regex(/^evt_[0-9a-f]{32}$/) });

export type DeliveryTask = z.infer<typeof deliveryTaskSchema>;

function isTaskAlreadyExists(error: unknown): boolean {
  return (error as { code?: string }).code === "functions/task-already-exists";
}

// `first`: the dispatch of a new event, named after endpoint and event so that dispatching it
// twice (a retried trigger, the sweep) queues one task. Re-sends and resumes get fresh names:
// Cloud Tasks keeps a used name reserved for a while after the task ends.
export async function enqueueDelivery(task: DeliveryTask, { first }: { first: boolean }): Promise<void> {
  const queue = getFunctions(adminApp()).taskQueue<DeliveryTask>(`locations/${region.value()}/functions/${DELIVERY_FUNCTION}`);
  const id = `${task.endpointId}-${task.eventId}${first ? "" : `-${randomBytes(6).toString("hex")}`}`;
  try {
    await queue.enqueue(task, { id });
  } catch (error) {
    if (!isTaskAlreadyExists(error)) throw error;
  }
}
