// Nothing lost: finds confirmations the event path never finished (the platform gave up
// during an outage, or a sender died mid-send) and delivers them.
import { Timestamp, type QueryDocumentSnapshot } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { db, ORDERS } from "../firestore";
import { deliverConfirmation, TransientEmailError, type DeliveryOutcome } from "./deliverConfirmation";

export interface SweepSummary {
  found: number;
  outcomes: Partial<Record<DeliveryOutcome | "retry-later", number>>;
}

const SENDS_AT_ONCE = 5;

export async function sweepConfirmations(options: { minAgeMs: number; limit: number }): Promise<SweepSummary> {
  const orders = db().collection(ORDERS);
  const now = Timestamp.now();
  const [pending, stuck] = await Promise.all([
    orders
      .where("confirmation.status", "==", "pending")
      .where("createdAt", "<=", Timestamp.fromMillis(now.toMillis() - options.minAgeMs))
      .orderBy("createdAt")
      .limit(options.limit)
      .get(),
    orders
      .where("confirmation.status", "==", "sending")
      .where("confirmation.leaseExpiresAt", "<=", now)
      .orderBy("confirmation.leaseExpiresAt")
      .limit(options.limit)
      .get(),
  ]);
  const due: QueryDocumentSnapshot[] = [...pending.docs, ...stuck.docs];
  const summary: SweepSummary = { found: due.length, outcomes: {} };
  for (let i = 0; i < due.length; i += SENDS_AT_ONCE) {
    await Promise.all(
      due.slice(i, i + SENDS_AT_ONCE).map(async (doc) => {
        let outcome: DeliveryOutcome | "retry-later";
        try {
          outcome = await deliverConfirmation(doc.id);
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
