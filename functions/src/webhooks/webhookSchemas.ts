// What admins may send to the webhook callables and what they answer. Free of server imports:
// the client package bundles it.
import { z } from "zod";
import { EVENT_TYPES, type EventType } from "../model/events";
import type { EndpointStatus } from "../model/webhookDocuments";

export type { DeliveryStatus, EndpointStatus } from "../model/webhookDocuments";

// "*" subscribes to every event type, including ones added later.
export const eventSelectionSchema = z
  .array(z.enum([...EVENT_TYPES, "*"]))
  .min(1)
  .max(EVENT_TYPES.length + 1)
  .refine((types) => new Set(types).size === types.length, "each event type once");

const endpointIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "an endpoint id as createWebhookEndpoint answered it");
// Checked again where it matters (a public address, on the connection itself): see webhooks/endpointUrl.ts.
const urlSchema = z.string().trim().min(1).max(2048);
const descriptionSchema = z.string().trim().max(500);

export const createWebhookEndpointSchema = z.strictObject({
  url: urlSchema,
  events: eventSelectionSchema,
  description: descriptionSchema.optional(),
});

export const updateWebhookEndpointSchema = z.strictObject({
  endpointId: endpointIdSchema,
  url: urlSchema.optional(),
  events: eventSelectionSchema.optional(),
  description: descriptionSchema.optional(),
  // Pausing keeps its events (delivered on resume); resuming delivers them.
  status: z.enum(["active", "paused"]).optional(),
});

export const deleteWebhookEndpointSchema = z.strictObject({ endpointId: endpointIdSchema });

export const rotateWebhookSecretSchema = z.strictObject({
  endpointId: endpointIdSchema,
  // How long the current secret keeps signing beside the new one, so receivers can switch over.
  previousSecretHours: z.number().int().min(0).max(7 * 24).default(24),
});

export const resendWebhookEventsSchema = z.union([
  z.strictObject({ endpointId: endpointIdSchema, eventId: z.string().regex(/^evt_[0-9a-f]{32}$/, "an event id (evt_...)") }),
  // Every delivery to the endpoint that failed for good since then.
  z.strictObject({ endpointId: endpointIdSchema, failedSince: z.iso.datetime({ offset: true }) }),
]);

export const sweepEventsNowSchema = z.strictObject({
  // Undispatched events younger than this are left to their own dispatch.
  minAgeSeconds: z.number().int().min(0).max(86_400).optional(),
});

export type CreateWebhookEndpointRequest = z.infer<typeof createWebhookEndpointSchema>;
export type UpdateWebhookEndpointRequest = z.infer<typeof updateWebhookEndpointSchema>;
export type RotateWebhookSecretRequest = z.infer<typeof rotateWebhookSecretSchema>;
export type ResendWebhookEventsRequest = z.infer<typeof resendWebhookEventsSchema>;


// An endpoint as admins see it. Secrets are never shown again after they are made: only their
// last characters, to tell them apart.
export interface WebhookEndpointView {
  endpointId: string;
  url: string;
  description: string;
  events: (EventType | "*")[];
  status: EndpointStatus;
  secrets: { hint: string; createdAt: string; expiresAt: string | null }[];
  createdAt: string;
  // Set while deliveries fail without a success in between; the endpoint pauses after WEBHOOK_PAUSE_AFTER_SECONDS.
  failingSince: string | null;
  pausedAt: string | null;
  pauseReason: string | null;
}

// createWebhookEndpoint and rotateWebhookSecret answer the new secret, once.
export interface WebhookSecretResult {
  endpoint: WebhookEndpointView;
  secret: string;
}

export interface ResendSummary {
  endpointId: string;
  queued: number;
}

export interface EventSweepSummary {
  found: number;
  dispatched: number;
  // Deliveries nothing would send any more, put back on the queue.
  requeued: number;
}
