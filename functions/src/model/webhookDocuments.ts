// How webhook endpoints and their deliveries are stored (Time: a Firestore timestamp), for the
// functions and for the console that reads them live. The signing secrets are not here: they
// live in webhookSecrets/{endpointId}, which no client may read.
import type { EventType } from "./events";

export type EndpointStatus = "active" | "paused";
export type DeliveryStatus = "pending" | "retrying" | "delivered" | "failed" | "paused";

export interface SecretHint<Time> {
  id: string;
  // The secret's last characters, to tell secrets apart.
  hint: string;
  createdAt: Time;
  // When a rotated-out secret stops signing; null for the current one.
  expiresAt: Time | null;
}

export interface EndpointDocument<Time> {
  url: string;
  description: string;
  events: (EventType | "*")[];
  status: EndpointStatus;
  secrets: SecretHint<Time>[];
  createdAt: Time;
  createdBy: string;
  updatedAt: Time;
  // Set at a failure after a success; cleared by the next success. Paused after WEBHOOK_PAUSE_AFTER_SECONDS.
  failingSince: Time | null;
  lastSuccessAt?: Time;
  lastFailure?: { at: Time; reason: string };
  pausedAt: Time | null;
  pauseReason: string | null;
}

export interface AttemptLog<Time> {
  attempt: number;
  at: Time;
  // The HTTP status, when the endpoint answered.
  status: number | null;
  outcome: "delivered" | "retry" | "failed";
  latencyMs: number;
  // Why it failed, and the start of the endpoint's answer.
  error?: string;
  excerpt?: string;
}

export interface DeliveryDocument<Time> {
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  // The newest attempts (at most 50); `attempts` counts them all.
  log: AttemptLog<Time>[];
  createdAt: Time;
  // Moved by every change to it (the sweep requeues deliveries left open too long).
  updatedAt: Time;
  // The start of its retry period (reset when it is re-sent or resumed).
  firstAttemptAt?: Time;
  lastAttemptAt?: Time;
  deliveredAt?: Time;
  failedAt?: Time;
  failedReason?: string;
  // Set when it ends (delivered or failed): the TTL policy deletes it WEBHOOK_RETENTION_DAYS later.
  // An open delivery (pending, retrying, paused) is never deleted.
  expireAt?: Time;
}
