// @firebase-inventory/client/webhooks: for the servers that receive the shop's webhooks. Free of
// the Firebase SDK (a receiver needs none of it): verify a delivery's signature, then handle the
// event, de-duplicating by its id (deliveries are at least once).
export { DEFAULT_TOLERANCE_SECONDS, SIGNATURE_HEADER, verifyWebhook, WebhookVerificationError, type WebhookVerificationFailure } from "../../functions/src/model/webhookSignature";
