// Delivers an order's email (its confirmation, its cancellation notice, or a shipment's email)
// at most once, tracking every attempt: the confirmation on the order's `confirmation` field,
// the others on `orders/{orderId}/emails/{cancellation | shipment-<fulfilmentId>}`.
//
// A delivery first claims the email (pending -> sending, with a lease) in a transaction,
// so concurrent or repeated deliveries of the same event can't both send. A lease that
// expired (the sender crashed mid-send) may be taken over. Once `sent`, nothing sends again.
import { FieldValue, Timestamp, type DocumentReference } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { db } from "../firestore/db";
import { orderEmailRef, orderRef } from "../firestore/paths";
import type { Confirmation, Order } from "../model/order";
import { composeOrderEmail } from "./composeEmail";
import type { EmailKind } from "./emailTemplates";
import type { DeliveryOutcome } from "./emailRequestSchemas";
import { sendMail, senderDomain } from "./mailer";
import type { ShipmentContent } from "./renderTemplate";
import { emailDocumentId, type OrderEmail } from "../model/orderEmails";
import { recordEvent } from "../outbox/recordEvent";

export type { OrderEmail };

export type { DeliveryOutcome };

export const LEASE_MS = 2 * 60 * 1000;

// Thrown for a transient failure: the event handler rethrows it so the platform retries.
export class TransientEmailError extends Error {}

export type { EmailKind };

// Where an email's delivery state lives and how it reads.
interface EmailTrack {
  label: string;
  ref: DocumentReference;
  // The map field in `ref` holding the state ("confirmation" on the order); none: the whole document.
  field?: string;
  // The document's id under orders/{orderId}/emails (and in the Message-ID).
  id: string;
}

const LABELS: Record<EmailKind, string> = { confirmation: "Confirmation", cancellation: "Cancellation email", shipment: "Shipment email" };

export function emailTrack(email: OrderEmail): EmailTrack {
  const id = emailDocumentId(email);
  return email.kind === "confirmation"
    ? { label: LABELS.confirmation, ref: orderRef(email.orderId), field: "confirmation", id }
    : { label: LABELS[email.kind], ref: orderEmailRef(email.orderId, id), id };
}

// Path of one tracking field (status, attempts, ...) in a tracked email's document.
export function statePath(field: string | undefined, name: string): string {
  return field ? `${field}.${name}` : name;
}

// Triggers give up on events older than CONFIRMATION_MAX_AGE_MINUTES instead of retrying them.
export function eventGivenUp(eventTime: string, maxAgeMinutes: number): boolean {
  return Date.now() - Date.parse(eventTime) > maxAgeMinutes * 60_000;
}

// Another delivery claimed this email and its lease hasn't run out: it may be sending right now.
export function sendInProgress(state: Pick<Confirmation, "status" | "leaseExpiresAt">, now = Date.now()): boolean {
  return state.status === "sending" && state.leaseExpiresAt !== undefined && state.leaseExpiresAt.toMillis() > now;
}

// The tracked document of a shipment email also holds the shipment it tells about.
type Claim = { order: Order; attempt: number; shipment?: ShipmentContent } | { skip: DeliveryOutcome };

async function claim(orderId: string, track: EmailTrack): Promise<Claim> {
  const orderDoc = orderRef(orderId);
  return db().runTransaction(async (tx) => {
    const [orderSnapshot, trackSnapshot] = track.ref.isEqual(orderDoc) ? [await tx.get(orderDoc)] : await tx.getAll(orderDoc, track.ref);
    const tracked = trackSnapshot ?? orderSnapshot;
    if (!orderSnapshot?.exists || !tracked?.exists) return { skip: "order-missing" };
    const order = orderSnapshot.data() as Order;
    const state = (track.field ? tracked.get(track.field) : tracked.data()) as Confirmation;
    const shipment = track.field ? undefined : (tracked.get("shipment") as ShipmentContent | undefined);
    if (state.status === "sent") return { skip: "already-sent" };
    if (state.status === "failed") return { skip: "not-sendable" };
    if (sendInProgress(state)) {
      return { skip: "in-progress" };
    }
    const attempt = (state.attempts || 0) + 1;
    tx.update(track.ref, {
      [statePath(track.field, "status")]: "sending",
      [statePath(track.field, "attempts")]: attempt,
      [statePath(track.field, "leaseExpiresAt")]: Timestamp.fromMillis(Date.now() + LEASE_MS),
    });
    return { order, attempt, ...(shipment ? { shipment } : {}) };
  });
}

// SMTP 5xx replies are permanent (bad recipient, policy rejection): retrying can't help.
export function isPermanentSmtpFailure(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

function describe(error: unknown): string {
  const err = error as { responseCode?: number; code?: string; message?: string };
  return [err.responseCode, err.code, err.message].filter((part) => part !== undefined).join(" ") || String(error);
}

export function deliverConfirmation(orderId: string, options: { givenUp?: boolean } = {}): Promise<DeliveryOutcome> {
  return deliverOrderEmail({ kind: "confirmation", orderId }, options);
}

// An email given up for good, with its email.failed event in the same commit (the order's next
// event: a shop's system can reach the buyer another way).
async function markFailed(email: OrderEmail, track: EmailTrack, attempts: number, lastError: string): Promise<void> {
  const state = {
    [statePath(track.field, "status")]: "failed",
    [statePath(track.field, "lastError")]: lastError,
    [statePath(track.field, "leaseExpiresAt")]: FieldValue.delete(),
  };
  await db().runTransaction(async (tx) => {
    const order = await tx.get(orderRef(email.orderId));
    const tracked = track.field ? order : await tx.get(track.ref);
    // Decided already (a commit retried after it landed, or another sender): once only.
    const status = (track.field ? tracked.get(`${track.field}.status`) : tracked.get("status")) as string | undefined;
    if (status === "failed" || status === "sent") return;
    if (!order.exists) {
      if (!track.field && tracked.exists) tx.update(track.ref, state);
      return;
    }
    const sequence = ((order.get("eventSequence") as number | undefined) ?? 0) + 1;
    recordEvent(tx, {
      type: "email.failed",
      resource: { type: "order", id: email.orderId },
      sequence,
      object: { orderId: email.orderId, kind: email.kind, emailId: track.id, to: order.get("email") as string, attempts, error: lastError },
    });
    tx.update(orderRef(email.orderId), { eventSequence: sequence, ...(track.field ? state : {}) });
    if (!track.field) tx.update(track.ref, state);
  });
}

export async function deliverOrderEmail(email: OrderEmail, options: { givenUp?: boolean } = {}): Promise<DeliveryOutcome> {
  const { kind, orderId } = email;
  const track = emailTrack(email);
  const claimed = await claim(orderId, track);
  if ("skip" in claimed) {
    logger.info(`${track.label} not sent`, { orderId, kind, emailId: track.id, outcome: claimed.skip });
    return claimed.skip;
  }
  const { order, attempt, shipment } = claimed;

  if (options.givenUp) {
    await markFailed(email, track, attempt, "gave up: the delivery event is older than the retry window");
    logger.error(`${track.label} given up: event too old`, { orderId, kind, attempt });
    return "gave-up";
  }

  const started = Date.now();
  try {
    const { email: message } = await composeOrderEmail(kind, orderId, { ...order, ...(shipment ? { shipment } : {}) });
    const sent = await sendMail({
      to: order.email,
      ...message,
      // A stable Message-ID lets receiving servers drop a duplicate should SMTP ever deliver twice.
      messageId: `<order-${orderId}.${track.id}@${senderDomain()}>`,
      headers: { "X-Order-Id": orderId },
    });
    await track.ref.update({
      [statePath(track.field, "status")]: "sent",
      [statePath(track.field, "sentAt")]: FieldValue.serverTimestamp(),
      [statePath(track.field, "messageId")]: sent.messageId,
      [statePath(track.field, "leaseExpiresAt")]: FieldValue.delete(),
    });
    logger.info(`${track.label} sent`, { orderId, kind, attempt, outcome: "sent", response: sent.response, durationMs: Date.now() - started });
    return "sent";
  } catch (error) {
    const permanent = isPermanentSmtpFailure(error);
    const lastError = describe(error).slice(0, 500);
    const responseCode = (error as { responseCode?: number }).responseCode;
    if (permanent) await markFailed(email, track, attempt, lastError);
    else {
      await track.ref.update({
        [statePath(track.field, "status")]: "pending",
        [statePath(track.field, "lastError")]: lastError,
        [statePath(track.field, "leaseExpiresAt")]: FieldValue.delete(),
      });
    }
    const fields = { orderId, kind, attempt, responseCode, error: lastError, durationMs: Date.now() - started };
    if (permanent) {
      logger.error(`${track.label} failed permanently; not retrying`, { ...fields, outcome: "failed" });
      return "failed-permanently";
    }
    logger.warn(`${track.label} attempt failed; will retry`, { ...fields, outcome: "retry" });
    throw new TransientEmailError(`${kind} email for order ${orderId} failed: ${lastError}`);
  }
}
