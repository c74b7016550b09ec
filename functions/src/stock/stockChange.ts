// The one way product stock changes through this backend: `quantity` and `status` together, the
// ledger movement that records it, and a buyer's purchase counter on limited products, all
// inside the caller's transaction (or guarded write batch) so they commit with the order,
// cancellation or admin change that caused them.
import { FieldValue, type DocumentData, type DocumentReference } from "firebase-admin/firestore";
import { customerRef, productRef } from "../firestore/paths";
import { stockStatus, type Product } from "./productSchema";
import { recordMovement, type CreatesDocuments, type MovementCause } from "./stockLedger";
import type { StockChange } from "./stockReports";

export type { StockChange };

export interface StockWriter extends CreatesDocuments {
  set(ref: DocumentReference, data: DocumentData): unknown;
  update(ref: DocumentReference, data: DocumentData): unknown;
}


export function applyStockChange(
  tx: StockWriter,
  change: { productId: string; before: number; after: number; cause: MovementCause; orderIds?: string[]; by?: string; reason?: string },
): StockChange {
  const { productId, before, after, ...movement } = change;
  const status = stockStatus(after);
  tx.update(productRef(productId), { quantity: after, status });
  if (after !== before) recordMovement(tx, { productId, delta: after - before, quantityBefore: before, quantityAfter: after, ...movement });
  return { productId, quantityBefore: before, quantity: after, status };
}

// A new product with its opening stock (a "create" movement when it has any).
export function createWithStock(tx: StockWriter, productId: string, fields: Omit<Product, "quantity" | "status">, quantity: number, by: string): StockChange {
  const status = stockStatus(quantity);
  tx.create(productRef(productId), { ...fields, quantity, status });
  if (quantity > 0) recordMovement(tx, { productId, cause: "create", delta: quantity, quantityBefore: 0, quantityAfter: quantity, by });
  return { productId, quantityBefore: 0, quantity, status };
}

// Units `uid` has now bought of a product with `maxPerCustomer`.
export function setBought(tx: StockWriter, productId: string, uid: string, bought: number): void {
  tx.set(customerRef(productId, uid), { bought: Math.max(0, bought), updatedAt: FieldValue.serverTimestamp() });
}
