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
import { allocateStock, setBought, type StockWriter } from "../stock/stockChange";

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

// `tx`: a transaction, or a write batch whose writes are guarded by preconditions (see directAllocation).
export function writePlan(tx: StockWriter, plan: Plan, products: Map<string, ProductRead>): void {
  for (const { productId, uid, bought } of plan.bought.values()) {
    setBought(tx, productId, uid, bought);
  }
  for (const [uid, record] of plan.buyerHolds) tx.set(buyerHoldsRef(uid), buyerHoldsDocument(record));
  const confirmed = plan.decisions.filter((d): d is Extract<Decision, { kind: "confirmed" }> => d.kind === "confirmed");
  const movement = { order: "sold", hold: "held", "from-hold": "converted" } as const;
  // The ledger names a converted hold's units by the hold.
  const idOf = (request: AllocationRequest) => (request.kind === "from-hold" ? request.holdId : request.id);
  for (const productId of plan.quantities.keys()) {
    const read = products.get(productId);
    if (!read?.ok) continue;
    const units = (kind: "sold" | "held" | "converted") =>
      confirmed
        .filter((d) => movement[d.request.kind] === kind)
        .flatMap((d) => d.order.items.filter((line) => line.productId === productId).map((line) => ({ id: idOf(d.request), quantity: line.quantity })));
    const [sold, held, converted] = [units("sold"), units("held"), units("converted")];
    const total = (lines: { quantity: number }[]) => lines.reduce((sum, line) => sum + line.quantity, 0);
    allocateStock(tx, {
      productId,
      product: read.product,
      sold: total(sold),
      held: total(held),
      converted: total(converted),
      orderIds: sold.map((line) => line.id),
      holdIds: held.map((line) => line.id),
      convertedHoldIds: converted.map((line) => line.id),
    });
  }
  for (const decision of confirmed) {
    const { request } = decision;
    if (request.kind === "hold") {
      // A hold keeps what the order would be (lines, prices, total) until it is turned into one.
      const { uid, email, items, total, currency, requestId, locale, shippingAddress } = decision.order;
      tx.create(holdRef(decision.id), {
        uid,
        email,
        items,
        total,
        currency,
        requestId,
        ...(locale ? { locale } : {}),
        ...(shippingAddress ? { shippingAddress } : {}),
        status: "active",
        createdAt: FieldValue.serverTimestamp(),
        expiresAt: Timestamp.fromMillis(request.expiresAtMs),
      });
    } else {
      // `stock: "committed"`: its units are counted in the products' committed stock until shipped.
      tx.create(orderRef(decision.id), { ...decision.order, stock: "committed", createdAt: FieldValue.serverTimestamp() });
      if (request.kind === "from-hold") tx.update(holdRef(request.holdId), { status: "converted", orderId: decision.id, endedAt: FieldValue.serverTimestamp() });
    }
  }
}
