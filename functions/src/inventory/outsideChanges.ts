// Product documents changed outside this backend (typed into the Firebase console, written by a
// script): the backend's own writes move `revision` (stock/stockChange.ts), so a write that
// leaves it as it was, creates a product without one, or deletes one came from elsewhere. Each
// becomes a product.changed_outside event with the fields that changed, so a shop's systems hear
// of it like any other change, and the ledger check explains the stock difference.
import * as logger from "firebase-functions/logger";
import { FieldValue, type DocumentData } from "firebase-admin/firestore";
import { db } from "../firestore/db";
import { productRef } from "../firestore/paths";
import { previousFields } from "../model/events";
import { recordEvent } from "../outbox/recordEvent";

// The backend's own bookkeeping: changes to these alone are not news.
const BOOKKEEPING = new Set(["revision", "eventSequence", "alerts", "lastOutsideChange"]);

function visible(data: DocumentData | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data ?? {}).filter(([key]) => !BOOKKEEPING.has(key)));
}

export function changedOutside(before: DocumentData | undefined, after: DocumentData | undefined): boolean {
  if (!after) return before !== undefined;
  if (!before) return after.revision === undefined;
  return before.revision === after.revision && Object.keys(previousFields(visible(before), visible(after))).length > 0;
}

// `changeId`: the trigger's event id, recorded on the product so a redelivered trigger emits once.
export async function recordOutsideChange(productId: string, changeId: string, before: DocumentData | undefined, after: DocumentData | undefined): Promise<boolean> {
  if (!changedOutside(before, after)) return false;
  const previous = previousFields(visible(before), visible(after));
  const recorded = await db().runTransaction(async (tx) => {
    const current = await tx.get(productRef(productId));
    if (current.get("lastOutsideChange") === changeId) return false;
    const sequence = ((current.get("eventSequence") ?? before?.eventSequence ?? 0) as number) + 1;
    recordEvent(tx, {
      type: "product.changed_outside",
      resource: { type: "product", id: productId },
      sequence,
      object: { id: productId, ...visible(current.data()), ...(current.exists ? {} : { deleted: true }) },
      ...(before ? { previous } : {}),
    });
    // A deleted product keeps no bookkeeping (its events' numbering starts over if it comes back).
    if (current.exists) tx.update(productRef(productId), { eventSequence: sequence, revision: FieldValue.increment(1), lastOutsideChange: changeId });
    return true;
  });
  if (recorded) logger.warn("product changed outside the backend", { productId, fields: Object.keys(previous), deleted: !after });
  return recorded;
}
