// Pure allocation logic: given the products as read in one transaction and a batch of
// order requests, decide each request in arrival order. All lines of a request or none;
// a request is refused for stock only if the stock left at its turn can't cover it.
import { orderReference } from "../model/orderReference";
import type { Timestamp } from "firebase-admin/firestore";
import { perCustomerLimit, type Refusal } from "../stock/refusals";
import type { Order, OrderLine, PlaceOrderResult } from "../model/order";
import type { ProductRead } from "../stock/readProduct";

// One line as the buyer asked for it (the placeOrder request, already validated).
export interface OrderLineRequest {
  productId: string;
  quantity: number;
}

export interface OrderRequest {
  orderId: string;
  uid: string;
  email: string;
  requestId: string;
  items: OrderLineRequest[];
  locale?: string;
  // A checkout hold rather than an order: the same checks and stock, but the units go on hold
  // until this time (epoch ms) and `orderId` is the hold's id.
  hold?: { expiresAtMs: number };
  // The order a live checkout hold becomes: `items` are the hold's, its units are already out
  // of `quantity` (so never refused for stock), and the hold is read with the products.
  fromHold?: { holdId: string };
}

// A checkout hold as an allocation reads it (placeOrder with a hold).
export interface HeldOrder {
  uid: string;
  email: string;
  status: "active" | "converted" | "released" | "expired";
  expiresAtMs: number;
  items: OrderLine[];
  total: number;
  currency: string;
  locale?: string;
}


export type Decision =
  | { kind: "confirmed"; orderId: string; order: Omit<Order, "createdAt">; result: PlaceOrderResult; hold?: { expiresAtMs: number }; fromHold?: string }
  | { kind: "replayed"; orderId: string; result: PlaceOrderResult }
  | { kind: "refused"; orderId: string; refusal: Refusal };

// What a decision means for the buyer: the order (placed now, or placed earlier and replayed)
// or the refusal. Batches store it as the outcome a waiting buyer reads.
export type Verdict = { kind: "confirmed" | "replayed"; result: PlaceOrderResult } | { kind: "refused"; refusal: Refusal };

export function verdictOf(decision: Decision): Verdict {
  return decision.kind === "refused" ? { kind: "refused", refusal: decision.refusal } : { kind: decision.kind, result: decision.result };
}

export interface Plan {
  decisions: Decision[];
  // Final quantity of every product whose stock moved.
  quantities: Map<string, number>;
  // Units each buyer has now bought of each limited product (key: customerKey).
  bought: Map<string, { productId: string; uid: string; bought: number }>;
}

// Units a buyer bought of a product with `maxPerCustomer`, keyed by customerKey.
export function customerKey(productId: string, uid: string): string {
  return `${productId}\u0000${uid}`;
}

function limitOf(read: ProductRead | undefined): number | undefined {
  return read?.ok ? read.product.maxPerCustomer : undefined;
}

// The (product, buyer) pairs of a batch whose purchases count against a limit: their
// counters must be read before planning.
export function limitedPurchases(requests: OrderRequest[], products: Map<string, ProductRead>): { key: string; productId: string; uid: string }[] {
  const pairs = new Map<string, { key: string; productId: string; uid: string }>();
  for (const request of requests) {
    for (const { productId } of request.items) {
      const key = customerKey(productId, request.uid);
      if (limitOf(products.get(productId)) !== undefined) pairs.set(key, { key, productId, uid: request.uid });
    }
  }
  return [...pairs.values()];
}

export function itemsKey(items: { productId: string; quantity: number }[]): string {
  return items
    .map((item) => `${item.productId}:${item.quantity}`)
    .sort()
    .join(",");
}

export function resultOf(orderId: string, order: Pick<Order, "status" | "items" | "total" | "currency">): PlaceOrderResult {
  return { orderId, reference: orderReference(orderId), status: order.status, items: order.items, total: order.total, currency: order.currency };
}

export function planAllocation(
  requests: OrderRequest[],
  products: Map<string, ProductRead>,
  existingOrders: Map<string, Order & { createdAt?: Timestamp }>,
  // What each buyer already bought of limited products (missing: nothing yet).
  boughtBefore: Map<string, number> = new Map(),
  // The holds that requests with `fromHold` turn into orders, as read.
  holds: Map<string, HeldOrder> = new Map(),
  now = Date.now(),
): Plan {
  const left = new Map<string, number>();
  for (const [productId, read] of products) if (read.ok) left.set(productId, read.product.quantity);
  const quantities = new Map<string, number>();
  const bought = new Map<string, { productId: string; uid: string; bought: number }>();
  const boughtSoFar = (key: string) => bought.get(key)?.bought ?? boughtBefore.get(key) ?? 0;
  // A live hold becomes its order as held (lines, prices); an ended or timed-out one is refused
  // (the caller returns a timed-out hold's units).
  const fromHold = (request: OrderRequest, holdId: string): Decision => {
    const hold = holds.get(holdId);
    const refused = (refusal: Refusal): Decision => ({ kind: "refused", orderId: request.orderId, refusal });
    if (!hold || hold.uid !== request.uid) return refused({ reason: "hold-not-found", holdId });
    if (hold.status === "released" || hold.status === "expired") return refused({ reason: "hold-expired", holdId, state: hold.status });
    if (hold.status !== "active") return refused({ reason: "hold-not-found", holdId });
    if (hold.expiresAtMs <= now) return refused({ reason: "hold-expired", holdId, state: "expired" });
    for (const line of hold.items) if (!quantities.has(line.productId)) quantities.set(line.productId, left.get(line.productId) ?? 0);
    const order: Omit<Order, "createdAt"> = {
      uid: hold.uid,
      email: hold.email,
      items: hold.items,
      total: hold.total,
      currency: hold.currency,
      status: "confirmed",
      requestId: request.requestId,
      reference: orderReference(request.orderId),
      ...(hold.locale ? { locale: hold.locale } : {}),
      holdId,
      confirmation: { status: "pending", attempts: 0 },
    };
    return { kind: "confirmed", orderId: request.orderId, order, result: resultOf(request.orderId, order), fromHold: holdId };
  };
  const decisions = requests.map((request): Decision => {
    const existing = existingOrders.get(request.orderId);
    if (existing) {
      if (itemsKey(existing.items) !== itemsKey(request.items)) {
        return { kind: "refused", orderId: request.orderId, refusal: { reason: "request-id-reused", requestId: request.requestId } };
      }
      return { kind: "replayed", orderId: request.orderId, result: resultOf(request.orderId, existing) };
    }
    if (request.fromHold) return fromHold(request, request.fromHold.holdId);
    const lines: OrderLine[] = [];
    const currencies = new Set<string>();
    for (const line of request.items) {
      const read = products.get(line.productId);
      if (!read) throw new Error(`product ${line.productId} was not read`);
      if (!read.ok) return { kind: "refused", orderId: request.orderId, refusal: read.refusal };
      const available = left.get(line.productId) ?? 0;
      if (available < line.quantity) {
        return {
          kind: "refused",
          orderId: request.orderId,
          refusal: { reason: "insufficient-stock", productId: line.productId, name: read.product.name, requested: line.quantity, available },
        };
      }
      const limit = limitOf(read);
      if (limit !== undefined) {
        const already = boughtSoFar(customerKey(line.productId, request.uid));
        if (already + line.quantity > limit) {
          return { kind: "refused", orderId: request.orderId, refusal: perCustomerLimit(line.productId, read.product.name, limit, already) };
        }
      }
      currencies.add(read.product.currency);
      lines.push({ productId: line.productId, name: read.product.name, quantity: line.quantity, unitPrice: read.product.price });
    }
    if (currencies.size > 1) return { kind: "refused", orderId: request.orderId, refusal: { reason: "mixed-currencies", currencies: [...currencies] } };

    for (const line of lines) {
      const quantity = (left.get(line.productId) ?? 0) - line.quantity;
      left.set(line.productId, quantity);
      quantities.set(line.productId, quantity);
      if (limitOf(products.get(line.productId)) !== undefined) {
        const key = customerKey(line.productId, request.uid);
        bought.set(key, { productId: line.productId, uid: request.uid, bought: boughtSoFar(key) + line.quantity });
      }
    }
    const currency = [...currencies][0] as string;
    const total = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
    const order: Omit<Order, "createdAt"> = {
      uid: request.uid,
      email: request.email,
      items: lines,
      total,
      currency,
      status: "confirmed",
      requestId: request.requestId,
      reference: orderReference(request.orderId),
      ...(request.locale ? { locale: request.locale } : {}),
      confirmation: { status: "pending", attempts: 0 },
    };
    return { kind: "confirmed", orderId: request.orderId, order, result: resultOf(request.orderId, order), ...(request.hold ? { hold: request.hold } : {}) };
  });
  return { decisions, quantities, bought };
}
