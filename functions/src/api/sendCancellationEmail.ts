// Firestore trigger: a cancelled order's notice (orders/{orderId}/emails/cancellation,
// created by cancelOrder) is emailed to the buyer through the same claim-and-retry path
// as confirmations.
import { onDocumentCreated } from "firebase-functions/v2/firestore";
import { confirmationMaxAgeMinutes, region, smtpPassword } from "../config";
import { deliverOrderEmail, eventGivenUp } from "../email/deliverOrderEmail";

export const sendCancellationEmail = onDocumentCreated(
  { document: "orders/{orderId}/emails/cancellation", region, retry: true, secrets: [smtpPassword], timeoutSeconds: 120, memory: "256MiB" },
  async (event) => {
    const givenUp = eventGivenUp(event.time, confirmationMaxAgeMinutes.value());
    await deliverOrderEmail({ kind: "cancellation", orderId: event.params.orderId }, { givenUp });
  },
);
