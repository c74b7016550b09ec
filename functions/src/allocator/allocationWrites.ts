// Writes a decided allocation plan inside the caller's transaction: per-customer counters,
// each product's quantity, status and held units with their ledger movements, the confirmed
// orders and holds, and the holds that became orders.
// Shared by the direct path (one order) and the combining path (a batch).
import { FieldValue, Timestamp, type DocumentReference, type DocumentSnapshot } from "firebase-admin/firestore";
import { buyerHoldsRef, customerRef, holdRef, orderRef } from "../firestore/paths";
import { buyerHoldsDocument, readBuyerHolds, type BuyerHolds } from "../model/buyerHolds";
import type { Order } from "../model/order";
import { holdingBuyers, limitedPurchases, type Decision, type AllocationRequest, type HeldOrder, type Plan } from "./allocationPlan";
import { readProduct, type ProductRead } from "../stock/readProduct";
import { changeStock, setBought, type Movement, type StockWriter } from "../stock/stockChange";
import { moveBuckets, placeUnits, stockOf, type Buckets, type LocationStock, type Placement } from "../stock/buckets";
import { unitsAt, type Allocation } from "../model/allocations";
import { shipsFromOf } from "../model/shipments";
import { holdObject, orderObject } from "../model/eventObjects";
import type { HoldDocument } from "../model/holdDocument";
import { recordEvent } from "../outbox/recordEvent";

// Where a request's result lives: its order, or its hold. Replays are answered from it.
export function resultRef(request: Pick<AllocationRequest, "id" | "kind">): DocumentReference {
  return request.kind === "hold" ? holdRef(request.id) : orderRef(request.id);
}

export function productIdsOf(requests: Pick<AllocationRequest, "items">[]): string[] {
  return [...new Set(requests.flatMap((request) => request.items.map((item) => item.productId)))];
}

export function readProducts(productIds: string[], snapshots: DocumentSnapshot[]): Map<string, ProductRead> {
  return new Map(productIds.map((id, index) => [id, readProduct(snapshots[index] as DocumentSnapshot)]));
}

// The holds that "from-hold" requests turn into orders.
export function holdRefsOf(requests: AllocationRequest[]): DocumentReference[] {
  return [...new Set(requests.flatMap((request) => (request.kind === "from-hold" ? [request.holdId] : [])))].map(holdRef);
}

export function readHolds(snapshots: DocumentSnapshot[]): Map<string, HeldOrder> {
  return new Map(
    snapshots
      .filter((snapshot) => snapshot.exists)
      .map((snapshot) => {
        const data = snapshot.data() as Omit<HeldOrder, "expiresAtMs"> & { expiresAt: Timestamp };
        return [snapshot.id, { ...data, expiresAtMs: data.expiresAt.toMillis() }];
      }),
  );
}

export function existingOrders(snapshots: DocumentSnapshot[]): Map<string, Order> {
  return new Map(snapshots.filter((snapshot) => snapshot.exists).map((snapshot) => [snapshot.id, snapshot.data() as Order]));
}

// What each buyer already bought of the limited products among these requests (one extra
// read, only when a limited product is involved), and the counter documents as read.
export async function readBoughtBefore(
  // Inside a transaction, or a plain read (the direct path guards its commit instead).
  reader: { getAll(...refs: DocumentReference[]): Promise<DocumentSnapshot[]> },
  requests: AllocationRequest[],
  products: Map<string, ProductRead>,
): Promise<{ bought: Map<string, number>; counters: DocumentSnapshot[] }> {
  const limited = limitedPurchases(requests, products);
  if (limited.length === 0) return { bought: new Map(), counters: [] };
  const counters = await reader.getAll(...limited.map(({ productId, uid }) => customerRef(productId, uid)));
  return { bought: new Map(limited.map(({ key }, index) => [key, (counters[index]?.get("bought") as number | undefined) ?? 0])), counters };
}

// The hold records of the buyers placing or converting holds (holdingBuyers), and their
// documents as read, in the caller's read (a transaction, or the direct path's guarded read).
export function buyerHoldsRefsOf(requests: AllocationRequest[]): DocumentReference[] {
  return holdingBuyers(requests).map(buyerHoldsRef);
}

export function readBuyerHoldsOf(snapshots: DocumentSnapshot[]): Map<string, BuyerHolds> {
  return new Map(snapshots.map((snapshot) => [snapshot.id, readBuyerHolds(snapshot)]));
}

// Where a batch's confirmed orders and holds take their units, location by location (pure):
// each decision's allocations, and each product's ledger steps, one per cause and location
// (units sold, then held, then held units of holds that became orders). Orders and holds are
// placed in arrival order on the stock as the batch leaves it, by the shop's strategy; an
// order from a hold keeps the hold's locations. The plan checked the totals, so the locations
// can always give the units.
export function placeDecisions(
  confirmed: Extract<Decision, { kind: "confirmed" }>[],
  products: Map<string, ProductRead>,
  placement: Placement,
): { allocations: Map<string, Allocation[]>; movements: Map<string, Movement[]> } {
  const stocks = new Map<string, LocationStock>();
  const allocations = new Map<string, Allocation[]>();
  type Step = { cause: "order" | "hold" | "convert"; locationId: string; units: number; ids: string[] };
  const steps = new Map<string, Step[]>();
  const addStep = (productId: string, cause: Step["cause"], locationId: string, units: number, id: string) => {
    const list = steps.get(productId) ?? [];
    const step = list.find((entry) => entry.cause === cause && entry.locationId === locationId);
    if (step) {
      step.units += units;
      if (!step.ids.includes(id)) step.ids.push(id);
    } else list.push({ cause, locationId, units, ids: [id] });
    steps.set(productId, list);
  };
  for (const { id, request, order } of confirmed) {
    const placed: Allocation[] = [];
    for (const line of order.items) {
      const read = products.get(line.productId);
      if (!read?.ok) continue;
      const stock = stocks.get(line.productId) ?? stockOf(read.product);
      stocks.set(line.productId, stock);
      if (request.kind === "from-hold") {
        for (const [locationId, units] of unitsAt(order.allocations ?? [], line.productId)) {
          stock[locationId] = moveBuckets(stock[locationId] ?? { onHand: 0, committed: 0, held: 0 }, { held: -units, committed: units });
          // The ledger names a converted hold's units by the hold.
          addStep(line.productId, "convert", locationId, units, request.holdId);
        }
        continue;
      }
      const where = placeUnits(stock, line.quantity, placement);
      if (!where) throw new Error(`the locations of ${line.productId} can't give ${line.quantity} units the plan allowed`);
      for (const { locationId, quantity } of where) {
        stock[locationId] = moveBuckets(stock[locationId] as Buckets, request.kind === "hold" ? { held: quantity } : { committed: quantity });
        addStep(line.productId, request.kind === "hold" ? "hold" : "order", locationId, quantity, id);
        placed.push({ productId: line.productId, locationId, quantity });
      }
    }
    if (request.kind !== "from-hold") allocations.set(id, placed);
  }
  const order = { order: 0, hold: 1, convert: 2 };
  const movements = new Map(
    [...steps].map(([productId, list]) => [
      productId,
      [...list]
        .sort((a, b) => order[a.cause] - order[b.cause])
        .map((step): Movement => {
          if (step.cause === "convert") return { cause: "order", locationId: step.locationId, deltas: { held: -step.units, committed: step.units }, holdIds: step.ids };
          if (step.cause === "hold") return { cause: "hold", locationId: step.locationId, deltas: { held: step.units }, holdIds: step.ids };
          return { cause: "order", locationId: step.locationId, deltas: { committed: step.units }, orderIds: step.ids };
        }),
    ]),
  );
  return { allocations, movements };
}

// `tx`: a transaction, or a write batch whose writes are guarded by preconditions (see directAllocation).
export function writePlan(tx: StockWriter, plan: Plan, products: Map<string, ProductRead>, placement: Placement): void {
  for (const { productId, uid, bought } of plan.bought.values()) {
    setBought(tx, productId, uid, bought);
  }
  for (const [uid, record] of plan.buyerHolds) tx.set(buyerHoldsRef(uid), buyerHoldsDocument(record));
  const confirmed = plan.decisions.filter((d): d is Extract<Decision, { kind: "confirmed" }> => d.kind === "confirmed");
  const { allocations, movements } = placeDecisions(confirmed, products, placement);
  for (const [productId, steps] of movements) {
    const read = products.get(productId);
    if (read?.ok) changeStock(tx, productId, read.product, steps);
  }
  for (const decision of confirmed) {
    const { request } = decision;
    const placed = allocations.get(decision.id);
    if (request.kind === "hold") {
      // A hold keeps what the order would be (lines, prices, total) until it is turned into one.
      const { uid, email, items, total, currency, requestId, locale, shippingAddress } = decision.order;
      const hold: HoldDocument<Timestamp | FieldValue> = {
        uid,
        email,
        items,
        total,
        currency,
        requestId,
        ...(locale ? { locale } : {}),
        ...(shippingAddress ? { shippingAddress } : {}),
        ...(placed ? { allocations: placed } : {}),
        status: "active",
        createdAt: FieldValue.serverTimestamp(),
        expiresAt: Timestamp.fromMillis(request.expiresAtMs),
      };
      tx.create(holdRef(decision.id), hold);
      // A hold has two events: placed (1), and how it ended (2).
      recordEvent(tx, { type: "hold.placed", resource: { type: "hold", id: decision.id }, sequence: 1, object: holdObject(decision.id, hold) });
    } else {
      // `stock: "committed"`: its units are counted in the products' committed stock until shipped.
      const order = { ...decision.order, ...(placed ? { allocations: placed } : {}) };
      const created = { ...order, createdAt: FieldValue.serverTimestamp() };
      tx.create(orderRef(decision.id), { ...created, shipsFrom: shipsFromOf(order), stock: "committed", eventSequence: 1 });
      recordEvent(tx, { type: "order.placed", resource: { type: "order", id: decision.id }, sequence: 1, object: orderObject(decision.id, created) });
      if (request.kind === "from-hold") {
        const ended = { status: "converted" as const, orderId: decision.id, endedAt: FieldValue.serverTimestamp() };
        tx.update(holdRef(request.holdId), ended);
        // The hold's lines, prices and address are the order's.
        const { uid, email, items, total, currency, locale, shippingAddress, allocations } = order;
        const held = { uid, email, items, total, currency, ...(locale ? { locale } : {}), ...(shippingAddress ? { shippingAddress } : {}), ...(allocations ? { allocations } : {}) };
        const object = { id: request.holdId, ...held, ...ended };
        recordEvent(tx, { type: "hold.converted", resource: { type: "hold", id: request.holdId }, sequence: 2, object, previous: { status: "active", orderId: null, endedAt: null } });
      }
    }
  }
}
