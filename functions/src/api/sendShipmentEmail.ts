// Firestore trigger: each shipment (orders/{orderId}/fulfilments/{fulfilmentId}, written by
// fulfillOrder) emails the buyer through the same claim-and-retry path as confirmations; its
// delivery state is orders/{orderId}/emails/shipment-{fulfilmentId}, written in the same commit.
import { onDocumentCreated } from "firebase-functions/v2/firestore";
import { confirmationMaxAgeMinutes, region, smtpPassword } from "../config";
import { deliverOrderEmail, eventGivenUp } from "../email/deliverOrderEmail";

export const sendShipmentEmail = onDocumentCreated(
  { document: "orders/{orderId}/fulfilments/{fulfilmentId}", region, retry: true, secrets: [smtpPassword], timeoutSeconds: 120, memory: "256MiB" },
  async (event) => {
    const givenUp = eventGivenUp(event.time, confirmationMaxAgeMinutes.value());
    await deliverOrderEmail({ kind: "shipment", orderId: event.params.orderId, fulfilmentId: event.params.fulfilmentId }, { givenUp });
  },
);
