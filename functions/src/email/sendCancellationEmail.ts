// Firestore trigger: a cancelled order's notice (orders/{orderId}/emails/cancellation,
// created by cancelOrder) is emailed to the buyer through the same claim-and-retry path
// as confirmations.
import { onDocumentCreated } from "firebase-functions/v2/firestore";
import { confirmationMaxAgeMinutes, region, smtpPassword } from "../config";
import { deliverOrderEmail } from "./deliverOrderEmail";

export const sendCancellationEmail = onDocumentCreated(
  { document: "orders/{orderId}/emails/cancellation", region, retry: true, secrets: [smtpPassword], timeoutSeconds: 120, memory: "256MiB" },
  async (event) => {
    const ageMs = Date.now() - Date.parse(event.time);
    const givenUp = ageMs > confirmationMaxAgeMinutes.value() * 60_000;
    await deliverOrderEmail("cancellation", event.params.orderId, { givenUp });
  },
);
