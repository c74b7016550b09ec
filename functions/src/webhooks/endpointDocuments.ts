// How webhook endpoints and their secrets are stored, and how admins see them. The secrets live
// in a document of their own (webhookSecrets/{endpointId}) that the rules let no one read, so an
// admin's browser (or a leaked admin token) never sees one after it is made.
import { randomBytes } from "node:crypto";
import type { Timestamp } from "firebase-admin/firestore";
import type { EventType } from "../model/events";
import type { EndpointDocument as StoredEndpoint } from "../model/webhookDocuments";
import type { WebhookEndpointView } from "./webhookSchemas";

export type EndpointDocument = StoredEndpoint<Timestamp>;

export interface StoredSecret {
  id: string;
  value: string;
  createdAt: Timestamp;
  expiresAt: Timestamp | null;
}

// Endpoints a shop may register: each event is delivered to each of them.
export const MAX_ENDPOINTS = 20;

export function newSecret(): { id: string; value: string; hint: string } {
  const value = `whsec_${randomBytes(24).toString("base64url")}`;
  return { id: randomBytes(6).toString("hex"), value, hint: `whsec_…${value.slice(-4)}` };
}

// Secrets that sign deliveries now: the current one, and one being rotated out until it expires.
export function activeSecrets(secrets: StoredSecret[], nowMs: number): string[] {
  return secrets.filter((secret) => secret.expiresAt === null || secret.expiresAt.toMillis() > nowMs).map((secret) => secret.value);
}

export function subscribes(endpoint: Pick<EndpointDocument, "events">, type: EventType): boolean {
  return endpoint.events.includes("*") || endpoint.events.includes(type);
}

const iso = (time: Timestamp | null | undefined): string | null => (time ? time.toDate().toISOString() : null);

export function endpointView(endpointId: string, endpoint: EndpointDocument, nowMs: number): WebhookEndpointView {
  return {
    endpointId,
    url: endpoint.url,
    description: endpoint.description,
    events: endpoint.events,
    status: endpoint.status,
    secrets: endpoint.secrets
      .filter((secret) => secret.expiresAt === null || secret.expiresAt.toMillis() > nowMs)
      .map((secret) => ({ hint: secret.hint, createdAt: iso(secret.createdAt) as string, expiresAt: iso(secret.expiresAt) })),
    createdAt: iso(endpoint.createdAt) as string,
    failingSince: iso(endpoint.failingSince),
    pausedAt: iso(endpoint.pausedAt),
    pauseReason: endpoint.pauseReason,
  };
}
