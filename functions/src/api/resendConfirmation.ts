// Admin callable: deliver a confirmation again on purpose, typically one that failed
// permanently (a rejected address) after the cause was fixed.
import { FieldValue } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { onCall, type CallableRequest } from "firebase-functions/v2/https";
import { atEdge, refuse } from "./httpsErrors";
import { requireAdmin } from "./requireAdmin";
import { region, smtpPassword } from "../config";
import { inTransaction } from "../firestore/transaction";
import { orderRef } from "../firestore/paths";
import type { Order } from "../model/order";
import { CALLABLES } from "./callables";
import { parseRequest } from "./validation";
import { deliverConfirmation, sendInProgress, TransientEmailError, type DeliveryOutcome } from "../email/deliverOrderEmail";

export const resendConfirmation = onCall(
  { region, secrets: [smtpPassword], timeoutSeconds: 120 },
  (request): Promise<{ orderId: string; outcome: DeliveryOutcome }> => atEdge("resendConfirmation", () => resend(request)),
);

async function resend(request: CallableRequest): Promise<{ orderId: string; outcome: DeliveryOutcome }> {
  const adminUid = requireAdmin(request);
  const { orderId } = parseRequest(CALLABLES.resendConfirmation, request.data);
  const ref = orderRef(orderId);
  const previous = await inTransaction(async (tx) => {
    const snapshot = await tx.get(ref);
    if (!snapshot.exists) throw refuse("not-found", `Order "${orderId}" does not exist.`, { reason: "order-not-found", orderId });
    const confirmation = (snapshot.data() as Order).confirmation;
    if (confirmation.status === "sent") {
      throw refuse("failed-precondition", `The confirmation of order "${orderId}" was already sent.`, {
        reason: "already-sent",
        orderId,
      });
    }
    if (sendInProgress(confirmation)) {
      throw refuse("failed-precondition", `The confirmation of order "${orderId}" is being sent right now.`, {
        reason: "in-progress",
        orderId,
      });
    }
    if (confirmation.status === "failed") {
      tx.update(ref, {
        "confirmation.status": "pending",
        "confirmation.resentBy": adminUid,
        "confirmation.resentAt": FieldValue.serverTimestamp(),
      });
    }
    return confirmation.status;
  }, { gaveUp: () => refuse("unavailable", `The confirmation of order "${orderId}" is being changed right now. Please retry in a moment.`, { reason: "contention", orderId }) });
  logger.info("Confirmation re-send requested", { orderId, adminUid, previous });
  try {
    return { orderId, outcome: await deliverConfirmation(orderId) };
  } catch (error) {
    if (!(error instanceof TransientEmailError)) throw error;
    throw refuse(
      "unavailable",
      `The mail server did not take the message (${error.message}). It stays pending; the sweep retries it.`,
      { reason: "smtp-unavailable", orderId },
    );
  }
}
