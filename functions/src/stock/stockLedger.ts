// The stock ledger: every change of a product's quantity made through this backend is
// written, in the same transaction as the change, to `stockMovements` with its cause.
// Each movement carries the quantity before and after, so the history of a product is a
// chain that must end at its current quantity; a break in the chain is a change made
// outside the backend (e.g. typed into the console).
import { FieldValue, type DocumentData, type DocumentReference } from "firebase-admin/firestore";
import { stockMovements } from "../firestore/paths";

// hold: units reserved for a checkout; release / expire: a hold's units back; an order made
// from a hold moves no quantity (its units left with the hold) and is recorded with delta 0;
// write-off: held units of a product deleted meanwhile, which can go back nowhere.
export type MovementCause = "order" | "cancel" | "restock" | "adjustment" | "create" | "hold" | "release" | "expire" | "write-off";

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
  // A stock-take: the units staff counted (available + held at the time).
  counted?: number;
}

// A transaction or a write batch: the movement commits with the change it records.
export interface CreatesDocuments {
  create(ref: DocumentReference, data: DocumentData): unknown;
}

export function recordMovement(tx: CreatesDocuments, movement: StockMovement): void {
  const clean = Object.fromEntries(Object.entries(movement).filter(([, value]) => value !== undefined));
  tx.create(stockMovements().doc(), { ...clean, at: FieldValue.serverTimestamp() });
}
