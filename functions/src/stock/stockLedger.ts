// The stock ledger: every change of a product's quantity made through this backend is
// written, in the same transaction as the change, to `stockMovements` with its cause.
// Each movement carries the quantity before and after, so the history of a product is a
// chain that must end at its current quantity; a break in the chain is a change made
// outside the backend (e.g. typed into the console).
import { FieldValue, type DocumentData, type DocumentReference } from "firebase-admin/firestore";
import { stockMovements } from "../firestore/paths";

export type MovementCause = "order" | "cancel" | "restock" | "adjustment" | "create";

export interface StockMovement {
  productId: string;
  cause: MovementCause;
  delta: number;
  quantityBefore: number;
  quantityAfter: number;
  // The orders a batch sold, or the order a cancellation returned.
  orderIds?: string[];
  by?: string;
  reason?: string;
}

// A transaction or a write batch: the movement commits with the change it records.
export interface CreatesDocuments {
  create(ref: DocumentReference, data: DocumentData): unknown;
}

export function recordMovement(tx: CreatesDocuments, movement: StockMovement): void {
  const clean = Object.fromEntries(Object.entries(movement).filter(([, value]) => value !== undefined));
  tx.create(stockMovements().doc(), { ...clean, at: FieldValue.serverTimestamp() });
}
