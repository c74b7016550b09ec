// Alerts for the shop's admins (adminAlerts/{alertId}), emailed to ALERT_EMAILS: a paused webhook
// endpoint on its own, stock alerts batched (one email for every stock alert not sent yet, so a
// sell-out across a catalog is one email, not a hundred). Each alert is claimed with a lease
// before sending, as order emails are, so a redelivered trigger doesn't send it twice.
import * as logger from "firebase-functions/logger";
import { FieldValue, Timestamp, type DocumentReference, type Transaction } from "firebase-admin/firestore";
import { alertEmails } from "../config";
import { db } from "../firestore/db";
import { adminAlertRef, adminAlerts } from "../firestore/paths";
import type { Crossing } from "../model/stockAlerts";
import { LEASE_MS } from "./deliverOrderEmail";
import { sendMail, senderDomain } from "./mailer";
import { branding } from "./composeEmail";
import { renderAdminEmail } from "./adminAlertTemplates";

type EmailState = { status: "pending" | "sending" | "sent" | "no-recipients"; leaseExpiresAt?: Timestamp; attempts?: number; sentWith?: string };

type AdminAlert =
  | { kind: "webhook-endpoint-paused"; endpointId: string; url: string; reason: string; email: EmailState }
  | { kind: "stock-alert"; eventId: string; type: string; productId: string; name?: string; available: number; crossings: Crossing[]; email: EmailState };

// Stock alerts one email lists at most (the rest go in the next one).
const DIGEST_LIMIT = 200;

export function alertRecipients(value = alertEmails.value()): string[] {
  return value
    .split(",")
    .map((address) => address.trim())
    .filter(Boolean);
}

const CROSSING_TEXT: Record<Crossing["alert"], string> = { low_stock: "low", out_of_stock: "out of stock", back_in_stock: "back in stock" };

function compose(alerts: AdminAlert[]) {
  const shop = { name: branding().name };
  const [first] = alerts;
  if (first?.kind === "webhook-endpoint-paused") return renderAdminEmail("webhookPaused", { shop, endpoint: { url: first.url, reason: first.reason } });
  const stock = alerts.flatMap((alert) => (alert.kind === "stock-alert" ? [alert] : []));
  return renderAdminEmail("stockAlerts", {
    shop,
    alerts: stock.map((alert) => ({
      productId: alert.productId,
      name: alert.name ?? alert.productId,
      available: alert.available,
      crossings: alert.crossings.map((crossing) => ({ ...crossing, text: CROSSING_TEXT[crossing.alert] })),
    })),
  });
}

export type AlertOutcome = "sent" | "already-sent" | "in-progress" | "no-recipients" | "missing";

function claimable(email: EmailState): boolean {
  return email.status === "pending" || (email.status === "sending" && (email.leaseExpiresAt?.toMillis() ?? 0) <= Date.now());
}

// The stock alerts waiting to be sent (or whose sender's lease ran out), the triggering one first.
async function pendingStockAlerts(tx: Transaction, own: DocumentReference): Promise<DocumentReference[]> {
  const waiting = await tx.get(adminAlerts().where("kind", "==", "stock-alert").where("email.status", "in", ["pending", "sending"]).limit(DIGEST_LIMIT));
  return [own, ...waiting.docs.filter((doc) => !doc.ref.isEqual(own) && claimable(doc.get("email") as EmailState)).map((doc) => doc.ref)];
}

export async function sendAdminAlert(alertId: string): Promise<AlertOutcome> {
  const ref = adminAlertRef(alertId);
  const to = alertRecipients();
  const claimed = await db().runTransaction(async (tx) => {
    const snapshot = await tx.get(ref);
    if (!snapshot.exists) return "missing" as const;
    const alert = snapshot.data() as AdminAlert;
    if (alert.email.status === "sent" || alert.email.status === "no-recipients") return "already-sent" as const;
    // Taken into another alert's digest: that one's trigger (or the sweep) sees it through.
    if (!claimable(alert.email)) return alert.email.sentWith && alert.email.sentWith !== alertId ? ("in-progress-elsewhere" as const) : ("in-progress" as const);
    const refs = alert.kind === "stock-alert" ? await pendingStockAlerts(tx, ref) : [ref];
    const alerts = alert.kind === "stock-alert" ? [alert, ...(await Promise.all(refs.slice(1).map(async (other) => (await tx.get(other)).data() as AdminAlert)))] : [alert];
    for (const [index, claim] of refs.entries()) {
      const attempts = (alerts[index]?.email.attempts ?? 0) + 1;
      tx.update(claim, to.length === 0 ? { "email.status": "no-recipients" } : { "email.status": "sending", "email.attempts": attempts, "email.leaseExpiresAt": Timestamp.fromMillis(Date.now() + LEASE_MS), "email.sentWith": alertId });
    }
    return to.length === 0 ? ("no-recipients" as const) : { refs, alerts };
  });
  if (typeof claimed === "string") {
    logger.info("admin alert not sent here", { alertId, outcome: claimed });
    // Being sent elsewhere: the trigger tries again later, in case that sender died (the sweep
    // also takes alerts whose lease ran out).
    if (claimed === "in-progress") throw new Error(`admin alert ${alertId} is being sent; checking again later`);
    return claimed === "in-progress-elsewhere" ? "in-progress" : claimed;
  }
  const { refs, alerts } = claimed;
  try {
    await sendMail({ to: to.join(", "), ...(await compose(alerts)), messageId: `<alert-${alertId}@${senderDomain()}>`, headers: { "X-Alert-Kind": alerts[0]?.kind ?? "" } });
  } catch (error) {
    const batch = db().batch();
    for (const claim of refs) batch.update(claim, { "email.status": "pending", "email.leaseExpiresAt": FieldValue.delete() });
    await batch.commit();
    throw error;
  }
  const batch = db().batch();
  for (const claim of refs) batch.update(claim, { "email.status": "sent", "email.sentAt": FieldValue.serverTimestamp(), "email.leaseExpiresAt": FieldValue.delete() });
  await batch.commit();
  logger.info("admin alert sent", { alertId, kind: alerts[0]?.kind, alerts: alerts.length, recipients: to.length });
  return "sent";
}

// Alerts whose trigger never sent them (it died, or the emulator, which never retries): pending
// for a while, or sending with a lease that ran out.
export async function sweepAdminAlerts(minAgeMs = LEASE_MS): Promise<number> {
  const waiting = await adminAlerts().where("email.status", "in", ["pending", "sending"]).limit(100).get();
  let sent = 0;
  for (const alert of waiting.docs) {
    const createdAt = alert.get("createdAt") as Timestamp | undefined;
    if (!claimable(alert.get("email") as EmailState) || (createdAt && createdAt.toMillis() > Date.now() - minAgeMs)) continue;
    try {
      if ((await sendAdminAlert(alert.id)) === "sent") sent += 1;
    } catch (error) {
      logger.warn("admin alert not sent by the sweep; the next one tries again", { alertId: alert.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return sent;
}
