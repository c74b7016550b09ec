// Firestore trigger: every new order gets its confirmation email. `retry: true` makes the
// platform redeliver the event after a transient failure; deliverOrderEmail makes that safe.
import { onDocumentCreated } from "firebase-functions/v2/firestore";
import { confirmationMaxAgeMinutes, region, smtpPassword } from "../config";
import { deliverConfirmation, eventGivenUp } from "../email/deliverOrderEmail";

export const sendOrderConfirmation = onDocumentCreated(
  { document: "orders/{orderId}", region, retry: true, secrets: [smtpPassword], timeoutSeconds: 120, memory: "256MiB" },
  async (event) => {
    const givenUp = eventGivenUp(event.time, confirmationMaxAgeMinutes.value());
    await deliverConfirmation(event.params.orderId, { givenUp });
  },
);
