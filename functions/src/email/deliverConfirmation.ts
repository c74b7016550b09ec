// Delivers an order's confirmation at most once, tracking every attempt on the order.
//
// A delivery first claims the order (pending -> sending, with a lease) in a transaction,
// so concurrent or repeated deliveries of the same event can't both send. A lease that
// expired (the sender crashed mid-send) may be taken over. Once `sent`, nothing sends again.
import { FieldValue, Timestamp, type DocumentReference } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { db, ORDERS } from "../firestore";
import type { Order } from "../orders/orderSchema";
import { renderConfirmation } from "./confirmationEmail";
import { sendMail, senderDomain } from "./mailer";

export const LEASE_MS = 2 * 60 * 1000;

export type DeliveryOutcome = "sent" | "already-sent" | "in-progress" | "failed-permanently" | "gave-up" | "order-missing" | "not-sendable";

// Thrown for a transient failure: the event handler rethrows it so the platform retries.
export class TransientEmailError extends Error {}

type Claim = { order: Order; attempt: number } | { skip: DeliveryOutcome };

async function claim(orderRef: DocumentReference): Promise<Claim> {
  return db().runTransaction(async (tx) => {
    const snapshot = await tx.get(orderRef);
    if (!snapshot.exists) return { skip: "order-missing" };
    const order = snapshot.data() as Order;
    const confirmation = order.confirmation;
    if (confirmation.status === "sent") return { skip: "already-sent" };
    if (confirmation.status === "failed") return { skip: "not-sendable" };
    if (confirmation.status === "sending" && confirmation.leaseExpiresAt && confirmation.leaseExpiresAt.toMillis() > Date.now()) {
      return { skip: "in-progress" };
    }
    const attempt = (confirmation.attempts || 0) + 1;
    tx.update(orderRef, {
      "confirmation.status": "sending",
      "confirmation.attempts": attempt,
      "confirmation.leaseExpiresAt": Timestamp.fromMillis(Date.now() + LEASE_MS),
    });
    return { order, attempt };
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

export async function deliverConfirmation(orderId: string, options: { givenUp?: boolean } = {}): Promise<DeliveryOutcome> {
  const orderRef = db().collection(ORDERS).doc(orderId);
  const claimed = await claim(orderRef);
  if ("skip" in claimed) {
    logger.info("Confirmation not sent", { orderId, outcome: claimed.skip });
    return claimed.skip;
  }
  const { order, attempt } = claimed;

  if (options.givenUp) {
    await orderRef.update({
      "confirmation.status": "failed",
      "confirmation.lastError": "gave up: the delivery event is older than the retry window",
      "confirmation.leaseExpiresAt": FieldValue.delete(),
    });
    logger.error("Confirmation given up: event too old", { orderId, attempt });
    return "gave-up";
  }

  const email = renderConfirmation(orderId, order);
  const started = Date.now();
  try {
    const sent = await sendMail({
      to: order.email,
      ...email,
      // A stable Message-ID lets receiving servers drop a duplicate should SMTP ever deliver twice.
      messageId: `<order-${orderId}.confirmation@${senderDomain()}>`,
      headers: { "X-Order-Id": orderId },
    });
    await orderRef.update({
      "confirmation.status": "sent",
      "confirmation.sentAt": FieldValue.serverTimestamp(),
      "confirmation.messageId": sent.messageId,
      "confirmation.leaseExpiresAt": FieldValue.delete(),
    });
    logger.info("Confirmation sent", { orderId, attempt, outcome: "sent", response: sent.response, durationMs: Date.now() - started });
    return "sent";
  } catch (error) {
    const permanent = isPermanentSmtpFailure(error);
    const lastError = describe(error).slice(0, 500);
    const responseCode = (error as { responseCode?: number }).responseCode;
    await orderRef.update({
      "confirmation.status": permanent ? "failed" : "pending",
      "confirmation.lastError": lastError,
      "confirmation.leaseExpiresAt": FieldValue.delete(),
    });
    const fields = { orderId, attempt, responseCode, error: lastError, durationMs: Date.now() - started };
    if (permanent) {
      logger.error("Confirmation failed permanently; not retrying", { ...fields, outcome: "failed" });
      return "failed-permanently";
    }
    logger.warn("Confirmation attempt failed; will retry", { ...fields, outcome: "retry" });
    throw new TransientEmailError(`confirmation for order ${orderId} failed: ${lastError}`);
  }
}
