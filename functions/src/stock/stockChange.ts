// The one way product stock changes through this backend: the buckets (on hand, committed,
// held), the `quantity` and `status` derived from them, the ledger movements that record each
// step, and a buyer's purchase counter on limited products, all inside the caller's
// transaction (or guarded write batch) so they commit with the order, fulfilment,
// cancellation or admin change that caused them.
import { FieldValue, type DocumentData, type DocumentReference } from "firebase-admin/firestore";
import { customerRef, productRef } from "../firestore/paths";
import { availableOf, bucketsOf, moveBuckets, stockFields, type BucketDeltas, type Buckets } from "./buckets";
import type { Product } from "./productSchema";
import { recordMovement, type CreatesDocuments, type MovementCause, type StockMovement } from "./stockLedger";
import type { StockChange } from "./stockReports";

export type { StockChange };

export interface StockWriter extends CreatesDocuments {
  set(ref: DocumentReference, data: DocumentData): unknown;
  update(ref: DocumentReference, data: DocumentData): unknown;
}

// One step of a stock change: how each bucket moves, and why.
export interface Movement {
  cause: MovementCause;
  deltas: BucketDeltas;
  orderIds?: string[];
  holdIds?: string[];
  fulfilmentId?: string;
  by?: string;
  reason?: string;
  counted?: number;
  writtenOff?: number;
  // Recorded even when no bucket moves (a shipment of units no bucket counted).
  always?: boolean;
  // A new safety stock from this step on (what is available moves with it).
  safetyStock?: number;
}

type Stocked = Pick<Product, "quantity" | "held" | "committed" | "onHand" | "safetyStock" | "reorderPoint">;

// Applies `movements` in turn to a product as read: one ledger movement per step that moves
// something (ordered by `seq` within the commit), and the product's stock fields once.
export function changeStock(tx: StockWriter, productId: string, product: Stocked, movements: Movement[]): StockChange {
  const start = bucketsOf(product);
  let safety = product.safetyStock ?? 0;
  const quantityBefore = availableOf(start, safety);
  let current = start;
  let seq = 0;
  for (const { deltas, always, safetyStock, ...movement } of movements) {
    const next = moveBuckets(current, deltas);
    const nextSafety = safetyStock ?? safety;
    if (always || !sameBuckets(current, next) || nextSafety !== safety) {
      recordMovement(tx, { productId, ...movement, ...ledgerStep(current, next, safety, nextSafety), ...(seq > 0 ? { seq } : {}) });
      seq++;
    }
    current = next;
    safety = nextSafety;
  }
  const fields = stockFields(current, { safetyStock: safety, ...(product.reorderPoint !== undefined ? { reorderPoint: product.reorderPoint } : {}) });
  tx.update(productRef(productId), fields);
  return { productId, quantityBefore, quantity: fields.quantity, status: fields.status, ...current };
}

function sameBuckets(a: Buckets, b: Buckets): boolean {
  return a.onHand === b.onHand && a.committed === b.committed && a.held === b.held;
}

function ledgerStep(before: Buckets, after: Buckets, safety: number, safetyAfter = safety): Pick<StockMovement, "delta" | "quantityBefore" | "quantityAfter" | "before" | "after"> {
  const quantityBefore = availableOf(before, safety);
  const quantityAfter = availableOf(after, safetyAfter);
  return { delta: quantityAfter - quantityBefore, quantityBefore, quantityAfter, before, after };
}

// A new product with its opening stock on hand (a "create" movement when it has any).
export function createWithStock(tx: StockWriter, productId: string, fields: Omit<Product, "quantity" | "status">, quantity: number, by: string): StockChange {
  const empty: Buckets = { onHand: 0, committed: 0, held: 0 };
  const stocked = { onHand: quantity, committed: 0, held: 0 };
  const stock = stockFields(stocked, fields);
  tx.create(productRef(productId), { ...fields, ...stock });
  if (quantity > 0) recordMovement(tx, { productId, cause: "create", by, ...ledgerStep(empty, stocked, fields.safetyStock ?? 0) });
  return { productId, quantityBefore: 0, quantity: stock.quantity, status: stock.status, ...stocked };
}

// An allocation's effect on one product: units sold to orders become committed, units put on
// hold become held, and held units of holds that became orders move from held to committed;
// each its own ledger movement (sold, then held, then converted).
export function allocateStock(
  tx: StockWriter,
  change: { productId: string; product: Stocked; sold: number; held: number; converted: number; orderIds: string[]; holdIds: string[]; convertedHoldIds: string[] },
): StockChange {
  const { sold, held, converted } = change;
  return changeStock(tx, change.productId, change.product, [
    { cause: "order", deltas: { committed: sold }, orderIds: change.orderIds },
    { cause: "hold", deltas: { held }, holdIds: change.holdIds },
    { cause: "order", deltas: { held: -converted, committed: converted }, holdIds: change.convertedHoldIds },
  ]);
}

// Holds end unsold (released or expired): their units leave `held`, one ledger movement for all
// the holds of this product that end in the same commit. (A hold that becomes an order is
// written by allocateStock, with the order's batch.)
export function endHolds(
  tx: StockWriter,
  change: { productId: string; product: Stocked; units: number; outcome: "release" | "expire"; holdIds: string[]; by?: string },
): StockChange {
  return changeStock(tx, change.productId, change.product, [
    { cause: change.outcome, deltas: { held: -change.units }, holdIds: change.holdIds, ...(change.by ? { by: change.by } : {}) },
  ]);
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
