// Nothing lost: finds order emails (confirmations, cancellation notices, shipment emails) the event path
// never finished (the platform gave up during an outage, or a sender died mid-send) and delivers them.
import { Timestamp, type Query } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { orderEmailsGroup, ordersCollection } from "../firestore/paths";
import { deliverOrderEmail, statePath, TransientEmailError, type DeliveryOutcome } from "./deliverOrderEmail";
import { emailOfDocument, type OrderEmail } from "../model/orderEmails";
import type { SweepSummary } from "./emailRequestSchemas";

export type { SweepSummary };

const SENDS_AT_ONCE = 5;

export async function sweepOrderEmails(options: { minAgeMs: number; limit: number }): Promise<SweepSummary> {
  const now = Timestamp.now();
  const cutoff = Timestamp.fromMillis(now.toMillis() - options.minAgeMs);
  // Still pending after minAge, or stuck in a send whose lease expired. `field` is where the
  // state lives: a map on the order for confirmations, the document itself for notices.
  const due = (base: Query, field?: string) => {
    const at = (name: string) => statePath(field, name);
    return Promise.all([
      base.where(at("status"), "==", "pending").where("createdAt", "<=", cutoff).orderBy("createdAt").limit(options.limit).get(),
      base.where(at("status"), "==", "sending").where(at("leaseExpiresAt"), "<=", now).orderBy(at("leaseExpiresAt")).limit(options.limit).get(),
    ]).then((snapshots) => snapshots.flatMap((snapshot) => snapshot.docs));
  };
  const [confirmations, notices] = await Promise.all([due(ordersCollection(), "confirmation"), due(orderEmailsGroup())]);
  const work: OrderEmail[] = [
    ...confirmations.map((doc) => ({ kind: "confirmation" as const, orderId: doc.id })),
    // orders/{orderId}/emails/{cancellation | shipment-<fulfilmentId>}
    ...notices.flatMap((doc) => emailOfDocument(doc.ref.parent.parent?.id ?? "", doc.id) ?? []),
  ];
  const summary: SweepSummary = { found: work.length, outcomes: {} };
  for (let i = 0; i < work.length; i += SENDS_AT_ONCE) {
    await Promise.all(
      work.slice(i, i + SENDS_AT_ONCE).map(async (email) => {
        let outcome: DeliveryOutcome | "retry-later";
        try {
          outcome = await deliverOrderEmail(email);
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
