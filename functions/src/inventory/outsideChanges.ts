// Product documents changed outside this backend (typed into the Firebase console, written by a
// script): the backend's own writes move `revision` (stock/stockChange.ts), so a write that
// leaves it as it was, creates a product without one, or deletes one came from elsewhere. Each
// becomes a product.changed_outside event with the fields that changed, so a shop's systems hear
// of it like any other change, and the ledger check explains the stock difference.
import * as logger from "firebase-functions/logger";
import type { DocumentData } from "firebase-admin/firestore";
import { db } from "../firestore/db";
import { productRef } from "../firestore/paths";
import { previousFields } from "../model/events";
import { alreadyExists } from "../firestore/errorCodes";
import { lastEventSequence, recordEvent } from "../outbox/recordEvent";

// The backend's own bookkeeping: changes to these alone are not news.
const BOOKKEEPING = new Set(["revision", "eventSequence", "alerts", "lastOutsideChange"]);

function visible(data: DocumentData | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data ?? {}).filter(([key]) => !BOOKKEEPING.has(key)));
}

// The backend's writes move `revision` up; anything else (left as it was, dropped, lowered, a
// deletion) came from outside. A write that changed only bookkeeping is not news.
export function changedOutside(before: DocumentData | undefined, after: DocumentData | undefined): boolean {
  if (!after) return before !== undefined;
  const moved = typeof after.revision === "number" && after.revision > (typeof before?.revision === "number" ? before.revision : 0);
  if (moved) return false;
  return !before || Object.keys(previousFields(visible(before), visible(after))).length > 0 || after.revision !== before.revision;
}

// `changeId`: the trigger's event id, recorded on the product so a redelivered trigger emits once.
export async function recordOutsideChange(productId: string, changeId: string, before: DocumentData | undefined, after: DocumentData | undefined): Promise<boolean> {
  if (!changedOutside(before, after)) return false;
  const previous = previousFields(visible(before), visible(after));
  let recorded: boolean;
  try {
    recorded = await recordIn(productId, changeId, before, previous);
  } catch (error) {
    // A redelivered trigger whose event was written already (a deletion leaves no marker).
    if (!alreadyExists(error)) throw error;
    recorded = false;
  }
  if (recorded) logger.warn("product changed outside the backend", { productId, fields: Object.keys(previous), deleted: !after });
  return recorded;
}

function recordIn(productId: string, changeId: string, before: DocumentData | undefined, previous: Record<string, unknown>): Promise<boolean> {
  return db().runTransaction(async (tx) => {
    const current = await tx.get(productRef(productId));
    if (current.get("lastOutsideChange") === changeId) return false;
    // Never behind an event already written: a hand edit may have lowered or dropped the
    // number, and a product deleted and made again starts from its last kept event.
    const known = [current.get("eventSequence"), before?.eventSequence].filter((value): value is number => typeof value === "number");
    const sequence = Math.max(0, ...known, await lastEventSequence(tx, productId)) + 1;
    recordEvent(tx, {
      type: "product.changed_outside",
      resource: { type: "product", id: productId },
      sequence,
      object: { id: productId, ...visible(current.data()), ...(current.exists ? {} : { deleted: true }) },
      ...(before ? { previous } : {}),
    });
    // A deleted product keeps no bookkeeping (its events' numbering starts over if it comes back).
    if (current.exists) tx.update(productRef(productId), { eventSequence: sequence, revision: Math.max(0, ...[current.get("revision"), before?.revision].filter((value): value is number => typeof value === "number")) + 1, lastOutsideChange: changeId });
    return true;
  });
}
