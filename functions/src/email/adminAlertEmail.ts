// Alerts for the shop's admins (adminAlerts/{alertId}: a paused webhook endpoint), emailed to
// ALERT_EMAILS once: claimed with a lease, as order emails are, so a redelivered trigger doesn't
// send it twice while another instance is sending it.
import * as logger from "firebase-functions/logger";
import { FieldValue, Timestamp } from "firebase-admin/firestore";
import Handlebars from "handlebars";
import { alertEmails } from "../config";
import { db } from "../firestore/db";
import { adminAlertRef } from "../firestore/paths";
import { LEASE_MS } from "./deliverOrderEmail";
import { sendMail, senderDomain } from "./mailer";
import { branding } from "./composeEmail";

interface AdminAlert {
  kind: "webhook-endpoint-paused";
  endpointId: string;
  url: string;
  reason: string;
  email: { status: "pending" | "sending" | "sent" | "no-recipients"; leaseExpiresAt?: Timestamp; attempts?: number };
}

export function alertRecipients(value = alertEmails.value()): string[] {
  return value
    .split(",")
    .map((address) => address.trim())
    .filter(Boolean);
}

function compose(alert: AdminAlert): { subject: string; text: string; html: string } {
  const shop = branding().name;
  const subject = `${shop}: webhook endpoint paused (${alert.url})`;
  const text = [
    `Deliveries to the webhook endpoint ${alert.url} kept failing, so it is paused.`,
    alert.reason,
    "Its events are kept and will be delivered when you resume it (admin console, Webhooks; or updateWebhookEndpoint with status \"active\").",
  ].join("\n\n");
  const html = text
    .split("\n\n")
    .map((paragraph) => `<p>${Handlebars.escapeExpression(paragraph)}</p>`)
    .join("\n");
  return { subject, text, html };
}

export type AlertOutcome = "sent" | "already-sent" | "in-progress" | "no-recipients" | "missing";

export async function sendAdminAlert(alertId: string): Promise<AlertOutcome> {
  const ref = adminAlertRef(alertId);
  const to = alertRecipients();
  const claimed = await db().runTransaction(async (tx) => {
    const snapshot = await tx.get(ref);
    if (!snapshot.exists) return "missing" as const;
    const alert = snapshot.data() as AdminAlert;
    if (alert.email.status === "sent" || alert.email.status === "no-recipients") return "already-sent" as const;
    if (alert.email.status === "sending" && (alert.email.leaseExpiresAt?.toMillis() ?? 0) > Date.now()) return "in-progress" as const;
    if (to.length === 0) {
      tx.update(ref, { "email.status": "no-recipients" });
      return "no-recipients" as const;
    }
    tx.update(ref, { "email.status": "sending", "email.attempts": (alert.email.attempts ?? 0) + 1, "email.leaseExpiresAt": Timestamp.fromMillis(Date.now() + LEASE_MS) });
    return alert;
  });
  if (typeof claimed === "string") {
    logger.info("admin alert not sent", { alertId, outcome: claimed });
    // In progress elsewhere: throw so the trigger's retry checks again after the lease.
    if (claimed === "in-progress") throw new Error(`admin alert ${alertId} is being sent by another instance`);
    return claimed;
  }
  try {
    await sendMail({ to: to.join(", "), ...compose(claimed), messageId: `<alert-${alertId}@${senderDomain()}>`, headers: { "X-Alert-Kind": claimed.kind } });
  } catch (error) {
    await ref.update({ "email.status": "pending", "email.leaseExpiresAt": FieldValue.delete() });
    throw error;
  }
  await ref.update({ "email.status": "sent", "email.sentAt": FieldValue.serverTimestamp(), "email.leaseExpiresAt": FieldValue.delete() });
  logger.info("admin alert sent", { alertId, kind: claimed.kind, recipients: to.length });
  return "sent";
}
