// Firestore trigger: each new admin alert (a paused webhook endpoint) is emailed to ALERT_EMAILS.
import { onDocumentCreated } from "firebase-functions/v2/firestore";
import { region, smtpPassword } from "../config";
import { sendAdminAlert as send } from "../email/adminAlertEmail";

export const sendAdminAlert = onDocumentCreated({ document: "adminAlerts/{alertId}", region, retry: true, secrets: [smtpPassword], timeoutSeconds: 120, memory: "256MiB" }, async (event) => {
  await send(event.params.alertId);
});
