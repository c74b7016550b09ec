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
  change: { productId: string; before: number; after: number; cause: MovementCause; orderIds?: string[]; by?: string; reason?: string; counted?: number },
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

// An allocation's effect on one product: units sold to orders and units put on hold, each its
// own ledger movement (sold first), and `held` raised by the held units.
export function allocateStock(
  tx: StockWriter,
  change: {
    productId: string;
    before: number;
    sold: number;
    held: number;
    // Held units that became orders: out of `held`, `quantity` unchanged.
    converted: number;
    heldBefore: number;
    orderIds: string[];
    holdIds: string[];
    convertedHoldIds: string[];
  },
): StockChange {
  const { productId, before, sold, held, converted, heldBefore } = change;
  const afterSale = before - sold;
  const after = afterSale - held;
  const status = stockStatus(after);
  const heldChanges = held > 0 || converted > 0;
  tx.update(productRef(productId), heldChanges ? { quantity: after, status, held: Math.max(0, heldBefore + held - converted) } : { quantity: after, status });
  if (sold > 0) recordMovement(tx, { productId, cause: "order", delta: -sold, quantityBefore: before, quantityAfter: afterSale, orderIds: change.orderIds });
  if (held > 0) recordMovement(tx, { productId, cause: "hold", delta: -held, quantityBefore: afterSale, quantityAfter: after, holdIds: change.holdIds, ...(sold > 0 ? { seq: 1 } : {}) });
  if (converted > 0) recordMovement(tx, { productId, cause: "order", delta: 0, quantityBefore: after, quantityAfter: after, holdIds: change.convertedHoldIds, seq: 2 });
  return { productId, quantityBefore: before, quantity: after, status };
}

// Holds end unsold (released or expired): their units leave `held` and go back to `quantity`,
// one ledger movement for all the holds of this product that end in the same commit.
// (A hold that becomes an order is written by allocateStock, with the order's batch.)
export function endHolds(
  tx: StockWriter,
  change: { productId: string; quantity: number; held: number; units: number; outcome: "release" | "expire"; holdIds: string[]; by?: string },
): StockChange {
  const { productId, quantity, units, outcome, holdIds } = change;
  const after = quantity + units;
  const status = stockStatus(after);
  tx.update(productRef(productId), { quantity: after, status, held: Math.max(0, change.held - units) });
  recordMovement(tx, {
    productId,
    cause: outcome,
    delta: after - quantity,
    quantityBefore: quantity,
    quantityAfter: after,
    holdIds,
    ...(change.by ? { by: change.by } : {}),
  });
  return { productId, quantityBefore: quantity, quantity: after, status };
}

// A hold ended while its product no longer exists: its units can go back nowhere, so the
// ledger records them as written off (the product's quantity, gone with it, is not moved).
export function writeOffHeld(tx: StockWriter, change: { productId: string; units: number; holdId: string; outcome: "release" | "expire" }): void {
  recordMovement(tx, {
    productId: change.productId,
    cause: "write-off",
    delta: 0,
    quantityBefore: 0,
    quantityAfter: 0,
    holdIds: [change.holdId],
    writtenOff: change.units,
    reason: `the product was deleted while ${change.units} unit(s) were on hold; the hold ended by ${change.outcome}`,
  });
}

// Units `uid` has now bought of a product with `maxPerCustomer`.
export function setBought(tx: StockWriter, productId: string, uid: string, bought: number): void {
  tx.set(customerRef(productId, uid), { bought: Math.max(0, bought), updatedAt: FieldValue.serverTimestamp() });
}
