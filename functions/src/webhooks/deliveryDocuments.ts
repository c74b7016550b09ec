// One event's delivery to one endpoint (webhookEndpoints/{endpointId}/deliveries/{eventId}): its
// status and the log of its attempts, kept WEBHOOK_RETENTION_DAYS (a TTL policy on expireAt).
import { FieldValue, Timestamp } from "firebase-admin/firestore";
import { webhookRetentionDays } from "../config";
import type { DeliveryStatus } from "./webhookSchemas";

export interface AttemptLog {
  attempt: number;
  at: Timestamp;
  // The HTTP status, when the endpoint answered.
  status: number | null;
  outcome: "delivered" | "retry" | "failed";
  latencyMs: number;
  // Why it failed, or the start of the endpoint's answer.
  error?: string;
  excerpt?: string;
}

export interface DeliveryDocument {
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  log: AttemptLog[];
  createdAt: Timestamp;
  firstAttemptAt?: Timestamp;
  deliveredAt?: Timestamp;
  failedReason?: string;
  expireAt: Timestamp;
}

// Attempts the log keeps (the newest); `attempts` counts them all.
export const LOG_LIMIT = 50;

export function retentionEnd(fromMs = Date.now()): Timestamp {
  return Timestamp.fromMillis(fromMs + webhookRetentionDays.value() * 86_400_000);
}

export function newDelivery(eventId: string, eventType: string, status: "pending" | "paused"): Omit<DeliveryDocument, "createdAt"> & { createdAt: FieldValue } {
  return { eventId, eventType, status, attempts: 0, log: [], createdAt: FieldValue.serverTimestamp(), expireAt: retentionEnd() };
}
