// One event's delivery to one endpoint (webhookEndpoints/{endpointId}/deliveries/{eventId}): its
// status and the log of its attempts, kept WEBHOOK_RETENTION_DAYS (a TTL policy on expireAt).
import { FieldValue, Timestamp } from "firebase-admin/firestore";
import { webhookRetentionDays } from "../config";
import type { AttemptLog as StoredAttempt, DeliveryDocument as StoredDelivery } from "../model/webhookDocuments";

export type AttemptLog = StoredAttempt<Timestamp>;
export type DeliveryDocument = StoredDelivery<Timestamp>;

// Attempts the log keeps (the newest); `attempts` counts them all.
export const LOG_LIMIT = 50;

export function retentionEnd(fromMs = Date.now()): Timestamp {
  return Timestamp.fromMillis(fromMs + webhookRetentionDays.value() * 86_400_000);
}

export function newDelivery(eventId: string, eventType: string, status: "pending" | "paused"): Omit<DeliveryDocument, "createdAt" | "updatedAt"> & { createdAt: FieldValue; updatedAt: FieldValue } {
  return { eventId, eventType, status, attempts: 0, log: [], createdAt: FieldValue.serverTimestamp(), updatedAt: FieldValue.serverTimestamp() };
}
