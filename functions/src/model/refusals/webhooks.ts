// Why an admin's change to the webhook endpoints is refused.
export type WebhookRefusal =
  // `problem` says what to fix: the scheme, credentials in the URL, or an address that isn't public.
  | { reason: "webhook-url-refused"; url: string; problem: "not-https" | "credentials-in-url" | "not-public" | "invalid-url" }
  | { reason: "webhook-endpoint-not-found"; endpointId: string }
  | { reason: "webhook-endpoint-limit"; max: number }
  // Re-sending an event the outbox no longer keeps (older than the retention), or never had.
  | { reason: "webhook-event-not-found"; eventId: string };
