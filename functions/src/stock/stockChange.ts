// Every write of a product by this backend moves its `revision`, so a write that leaves it as it
// was came from elsewhere (the Firebase console, a script): inventory/outsideChanges.ts.
// The one way product stock changes through this backend: the buckets (on hand, committed,
// held) at each location, the `quantity` and `status` derived from them, the ledger movements that record each
// step, and a buyer's purchase counter on limited products, all inside the caller's
// transaction (or guarded write batch) so they commit with the order, fulfilment,
// cancellation or admin change that caused them.
import { FieldValue, type DocumentData, type DocumentReference } from "firebase-admin/firestore";
import { alertRearmMargin } from "../config";
import { customerRef, productRef } from "../firestore/paths";
import { mostUrgent, stockCrossings, type StockLevels } from "../model/stockAlerts";
import { recordEvent } from "../outbox/recordEvent";
import { availableAt, DEFAULT_LOCATION, moveBuckets, quantityOf, stockFields, stockOf, type BucketDeltas, type Buckets, type LocationStock } from "./buckets";
import type { Product } from "./productSchema";
import { recordMovement, type CreatesDocuments, type MovementCause } from "./stockLedger";
import type { StockChange } from "./stockReports";

export type { StockChange };

export interface StockWriter extends CreatesDocuments {
  set(ref: DocumentReference, data: DocumentData): unknown;
  update(ref: DocumentReference, data: DocumentData): unknown;
}

// One step of a stock change: how each bucket moves at a location (the default location when
// none is named), and why.
export interface Movement {
  cause: MovementCause;
  locationId?: string;
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

type Stocked = Pick<Product, "quantity" | "held" | "committed" | "onHand" | "safetyStock" | "reorderPoint" | "locationReorderPoints" | "locations" | "alerts" | "eventSequence"> & Partial<Pick<Product, "name">>;

const EMPTY: Buckets = { onHand: 0, committed: 0, held: 0 };

function levelsOf(stock: LocationStock, safetyStock: number, product: Pick<Product, "reorderPoint" | "locationReorderPoints">): StockLevels {
  const locations = Object.fromEntries(Object.entries(product.locationReorderPoints ?? {}).map(([id, point]) => [id, { available: availableAt(stock[id] ?? EMPTY), reorderPoint: point }]));
  return { available: quantityOf(stock, safetyStock), ...(product.reorderPoint !== undefined ? { reorderPoint: product.reorderPoint } : {}), locations };
}

// An admin's operation on a product that is an event of its own (a restock, a stock-take, a
// transfer, an edit), unless the commit crosses a stock line: then the one event of the commit
// is the crossing's, and `data.object.change` says what was done.
export interface StockOperation {
  type: "inventory.restocked" | "inventory.counted" | "inventory.transferred" | "product.updated";
  change: Record<string, unknown>;
  // The product's fields the operation changed, as they were (product.updated).
  previous?: Record<string, unknown>;
}

// The product as a product event carries it.
function productObject(productId: string, product: Partial<Pick<Product, "name" | "safetyStock">>, fields: ReturnType<typeof stockFields>, levels: StockLevels): Record<string, unknown> {
  const locations = Object.fromEntries(Object.entries(fields.locations).map(([id, buckets]) => [id, { ...buckets, available: availableAt(buckets), ...(levels.locations[id] ? { reorderPoint: levels.locations[id].reorderPoint } : {}) }]));
  return {
    id: productId,
    ...(product.name ? { name: product.name } : {}),
    available: levels.available,
    status: fields.status,
    onHand: fields.onHand,
    committed: fields.committed,
    held: fields.held,
    ...(product.safetyStock ? { safetyStock: product.safetyStock } : {}),
    ...(levels.reorderPoint !== undefined ? { reorderPoint: levels.reorderPoint } : {}),
    locations,
  };
}

// Applies `movements` in turn to a product as read: one ledger movement per step that moves
// something (ordered by `seq` within the commit), and the product's stock fields once, with
// at most one event for the product: the most urgent stock line the commit crosses, else the
// operation's own.
export function changeStock(tx: StockWriter, productId: string, product: Stocked, movements: Movement[], operation?: StockOperation): StockChange {
  const stock = stockOf(product);
  let safety = product.safetyStock ?? 0;
  const quantityBefore = quantityOf(stock, safety);
  const levelsBefore = levelsOf(stock, safety, product);
  let seq = 0;
  for (const { deltas, always, safetyStock, locationId = DEFAULT_LOCATION, ...movement } of movements) {
    const before = stock[locationId] ?? { onHand: 0, committed: 0, held: 0 };
    const after = moveBuckets(before, deltas);
    const nextSafety = safetyStock ?? safety;
    const quantity = quantityOf(stock, safety);
    stock[locationId] = after;
    if (always || !sameBuckets(before, after) || nextSafety !== safety) {
      const quantityAfter = quantityOf(stock, nextSafety);
      recordMovement(tx, { productId, ...movement, locationId, delta: quantityAfter - quantity, quantityBefore: quantity, quantityAfter, before, after, ...(seq > 0 ? { seq } : {}) });
      seq++;
    }
    safety = nextSafety;
  }
  const { reorderPoint, locationReorderPoints } = product;
  const fields = stockFields(stock, { safetyStock: safety, ...(reorderPoint !== undefined ? { reorderPoint } : {}), ...(locationReorderPoints ? { locationReorderPoints } : {}) });
  const levels = levelsOf(stock, safety, product);
  const { state, crossings } = stockCrossings(product.alerts, levelsBefore, levels, alertRearmMargin.value());
  const urgent = mostUrgent(crossings);
  const type = urgent ? (`inventory.${urgent}` as const) : operation?.type;
  const sequence = type ? (product.eventSequence ?? 0) + 1 : undefined;
  if (type && sequence !== undefined) {
    recordEvent(tx, {
      type,
      resource: { type: "product", id: productId },
      sequence,
      object: { ...productObject(productId, product, fields, levels), ...(crossings.length ? { crossings } : {}), ...(operation ? { change: { type: operation.type, ...operation.change } } : {}) },
      previous: { ...operation?.previous, ...(levels.available !== levelsBefore.available ? { available: levelsBefore.available } : {}) },
    });
  }
  tx.update(productRef(productId), { ...fields, alerts: state, revision: FieldValue.increment(1), ...(sequence !== undefined ? { eventSequence: sequence } : {}) });
  return { productId, quantityBefore, quantity: fields.quantity, status: fields.status, onHand: fields.onHand, committed: fields.committed, held: fields.held, locations: stock };
}

function sameBuckets(a: Buckets, b: Buckets): boolean {
  return a.onHand === b.onHand && a.committed === b.committed && a.held === b.held;
}

// A new product with its opening stock on hand at a location (a "create" movement when it has
// any), and its product.created event (its first).
// `sequence`: its first event's (1, or after the kept events of a product of the same id that was deleted).
export function createWithStock(tx: StockWriter, productId: string, fields: Omit<Product, "quantity" | "status">, quantity: number, by: string, locationId = DEFAULT_LOCATION, sequence = 1): StockChange {
  const empty: Buckets = { onHand: 0, committed: 0, held: 0 };
  const stocked = { onHand: quantity, committed: 0, held: 0 };
  const stock = stockFields({ [locationId]: stocked }, fields);
  const levels = levelsOf(stock.locations, fields.safetyStock ?? 0, fields);
  // Alerts start from where the product starts: a product created empty is not "out of stock" news.
  const { state } = stockCrossings(undefined, levels, levels, alertRearmMargin.value());
  tx.create(productRef(productId), { ...fields, ...stock, alerts: state, eventSequence: sequence, revision: 1 });
  recordEvent(tx, { type: "product.created", resource: { type: "product", id: productId }, sequence, object: { ...productObject(productId, fields, stock, levels), price: fields.price, currency: fields.currency, change: { type: "product.created", by } } });
  if (quantity > 0) recordMovement(tx, { productId, cause: "create", by, locationId, delta: stock.quantity, quantityBefore: 0, quantityAfter: stock.quantity, before: empty, after: stocked });
  return { productId, quantityBefore: 0, quantity: stock.quantity, status: stock.status, ...stocked, locations: stock.locations };
}

// Holds end unsold (released or expired): their units leave `held` where they were held, one
// ledger movement per location for all the holds of this product that end in the same commit.
// (A hold that becomes an order is written with the order's batch.)
export function endHolds(
  tx: StockWriter,
  change: { productId: string; product: Stocked; units: Map<string, number>; outcome: "release" | "expire"; holdIds: string[]; by?: string },
): StockChange {
  return changeStock(
    tx,
    change.productId,
    change.product,
    [...change.units].map(([locationId, units]) => ({ cause: change.outcome, locationId, deltas: { held: -units }, holdIds: change.holdIds, ...(change.by ? { by: change.by } : {}) })),
  );
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
