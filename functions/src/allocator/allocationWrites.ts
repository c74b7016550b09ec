// Writes a decided allocation plan inside the caller's transaction: per-customer counters,
// each product's quantity and status with its ledger movement, and the confirmed orders.
// Shared by the direct path (one order) and the combining path (a batch).
import { FieldValue, type DocumentReference, type DocumentSnapshot } from "firebase-admin/firestore";
import { customerRef, orderRef } from "../firestore/paths";
import type { Order } from "../model/order";
import { limitedPurchases, type OrderRequest, type Plan } from "./allocationPlan";
import { readProduct, type ProductRead } from "../stock/readProduct";
import { applyStockChange, setBought, type StockWriter } from "../stock/stockChange";

export function productIdsOf(requests: Pick<OrderRequest, "items">[]): string[] {
  return [...new Set(requests.flatMap((request) => request.items.map((item) => item.productId)))];
}

export function readProducts(productIds: string[], snapshots: DocumentSnapshot[]): Map<string, ProductRead> {
  return new Map(productIds.map((id, index) => [id, readProduct(snapshots[index] as DocumentSnapshot)]));
}

export function existingOrders(snapshots: DocumentSnapshot[]): Map<string, Order> {
  return new Map(snapshots.filter((snapshot) => snapshot.exists).map((snapshot) => [snapshot.id, snapshot.data() as Order]));
}

// What each buyer already bought of the limited products among these requests (one extra
// read, only when a limited product is involved), and the counter documents as read.
export async function readBoughtBefore(
  // Inside a transaction, or a plain read (the direct path guards its commit instead).
  reader: { getAll(...refs: DocumentReference[]): Promise<DocumentSnapshot[]> },
  requests: OrderRequest[],
  products: Map<string, ProductRead>,
): Promise<{ bought: Map<string, number>; counters: DocumentSnapshot[] }> {
  const limited = limitedPurchases(requests, products);
  if (limited.length === 0) return { bought: new Map(), counters: [] };
  const counters = await reader.getAll(...limited.map(({ productId, uid }) => customerRef(productId, uid)));
  return { bought: new Map(limited.map(({ key }, index) => [key, (counters[index]?.get("bought") as number | undefined) ?? 0])), counters };
}

// `tx`: a transaction, or a write batch whose writes are guarded by preconditions (see directAllocation).
export function writePlan(tx: StockWriter, plan: Plan, products: Map<string, ProductRead>): void {
  for (const { productId, uid, bought } of plan.bought.values()) {
    setBought(tx, productId, uid, bought);
  }
  for (const [productId, quantity] of plan.quantities) {
    const read = products.get(productId);
    const before = read?.ok ? read.product.quantity : quantity;
    const orderIds = plan.decisions
      .filter((d) => d.kind === "confirmed" && d.order.items.some((line) => line.productId === productId))
      .map((d) => d.orderId);
    applyStockChange(tx, { productId, before, after: quantity, cause: "order", orderIds });
  }
  for (const decision of plan.decisions) {
    if (decision.kind === "confirmed") tx.create(orderRef(decision.orderId), { ...decision.order, createdAt: FieldValue.serverTimestamp() });
  }
}
