// Nothing lost: finds order emails (confirmations, cancellation notices) the event path
// never finished (the platform gave up during an outage, or a sender died mid-send) and delivers them.
import { Timestamp, type QueryDocumentSnapshot } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { db, ORDERS } from "../firestore";
import { deliverOrderEmail, EMAILS, TransientEmailError, type DeliveryOutcome, type EmailKind } from "./deliverOrderEmail";

export interface SweepSummary {
  found: number;
  outcomes: Partial<Record<DeliveryOutcome | "retry-later", number>>;
}

const SENDS_AT_ONCE = 5;

export async function sweepConfirmations(options: { minAgeMs: number; limit: number }): Promise<SweepSummary> {
  const orders = db().collection(ORDERS);
  const notices = db().collectionGroup(EMAILS);
  const now = Timestamp.now();
  const cutoff = Timestamp.fromMillis(now.toMillis() - options.minAgeMs);
  const [pending, stuck, pendingNotices, stuckNotices] = await Promise.all([
    orders
      .where("confirmation.status", "==", "pending")
      .where("createdAt", "<=", cutoff)
      .orderBy("createdAt")
      .limit(options.limit)
      .get(),
    orders
      .where("confirmation.status", "==", "sending")
      .where("confirmation.leaseExpiresAt", "<=", now)
      .orderBy("confirmation.leaseExpiresAt")
      .limit(options.limit)
      .get(),
    notices.where("status", "==", "pending").where("createdAt", "<=", cutoff).orderBy("createdAt").limit(options.limit).get(),
    notices.where("status", "==", "sending").where("leaseExpiresAt", "<=", now).orderBy("leaseExpiresAt").limit(options.limit).get(),
  ]);
  // Confirmations are tracked on the order; other notices in orders/{orderId}/emails/{kind}.
  const due: { kind: EmailKind; orderId: string }[] = [
    ...[...pending.docs, ...stuck.docs].map((doc) => ({ kind: "confirmation" as const, orderId: doc.id })),
    ...[...pendingNotices.docs, ...stuckNotices.docs].map((doc: QueryDocumentSnapshot) => ({
      kind: doc.id as EmailKind,
      orderId: doc.ref.parent.parent?.id ?? "",
    })),
  ];
  const summary: SweepSummary = { found: due.length, outcomes: {} };
  for (let i = 0; i < due.length; i += SENDS_AT_ONCE) {
    await Promise.all(
      due.slice(i, i + SENDS_AT_ONCE).map(async ({ kind, orderId }) => {
        let outcome: DeliveryOutcome | "retry-later";
        try {
          outcome = await deliverOrderEmail(kind, orderId);
        } catch (error) {
          if (!(error instanceof TransientEmailError)) throw error;
          outcome = "retry-later";
        }
        summary.outcomes[outcome] = (summary.outcomes[outcome] ?? 0) + 1;
      }),
    );
  }
  logger.info("Confirmation sweep done", { found: summary.found, ...summary.outcomes });
  return summary;
}
