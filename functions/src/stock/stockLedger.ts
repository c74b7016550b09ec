// The stock ledger: every change of a product's stock made through this backend is
// written, in the same transaction as the change, to `stockMovements` with its cause.
// Each movement carries the quantity and every bucket (on hand, committed, held) before and
// after, so the history of a product is a chain per bucket that must end at its current
// stock; a break in a chain is a change made outside the backend (e.g. typed into the console).
import { FieldValue, type DocumentData, type DocumentReference } from "firebase-admin/firestore";
import { stockMovements } from "../firestore/paths";
import type { Buckets } from "./buckets";

// hold: units reserved for a checkout; release / expire: a hold's units back; an order made
// from a hold moves no quantity (its units left with the hold) and is recorded with delta 0;
// write-off: held units of a product deleted meanwhile, which can go back nowhere, or returned
// units not put back on the shelf; fulfil: shipped units leave committed and on hand; return:
// returned units back on hand; migrate: confirmed orders placed before `committed` existed,
// counted into on hand and committed.
export type MovementCause =
  | "order"
  | "cancel"
  | "restock"
  | "adjustment"
  | "create"
  | "hold"
  | "release"
  | "expire"
  | "write-off"
  | "fulfil"
  | "return"
  | "migrate"
  | "transfer-out"
  | "transfer-in";

export interface StockMovement {
  productId: string;
  cause: MovementCause;
  delta: number;
  quantityBefore: number;
  quantityAfter: number;
  // The orders a batch sold, or the order a cancellation returned.
  orderIds?: string[];
  // The holds a batch reserved, or the hold released, expired or turned into an order.
  holdIds?: string[];
  by?: string;
  reason?: string;
  // Order among movements of the same commit (they share its timestamp).
  seq?: number;
  // A write-off: the held units that left the books with a deleted product.
  writtenOff?: number;
  // A stock-take: the units staff counted on the shelf.
  counted?: number;
  // A shipment (orders/{orderId}/fulfilments/{fulfilmentId}).
  fulfilmentId?: string;
  // Where it happened (movements without one: the default location), and that location's
  // buckets before and after (movements written before buckets existed have none).
  locationId?: string;
  before?: Buckets;
  after?: Buckets;
}

// A transaction or a write batch: the movement commits with the change it records.
export interface CreatesDocuments {
  create(ref: DocumentReference, data: DocumentData): unknown;
}

export function recordMovement(tx: CreatesDocuments, movement: StockMovement): void {
  const clean = Object.fromEntries(Object.entries(movement).filter(([, value]) => value !== undefined));
  tx.create(stockMovements().doc(), { ...clean, at: FieldValue.serverTimestamp() });
}
