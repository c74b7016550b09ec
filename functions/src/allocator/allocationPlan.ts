// Pure allocation logic: given the products as read in one transaction and a batch of
// order requests, decide each request in arrival order. All lines of a request or none;
// a request is refused for stock only if the stock left at its turn can't cover it.
import { allocationsOf } from "../model/allocations";
import { orderReference } from "../model/orderReference";
import type { Timestamp } from "firebase-admin/firestore";
import { perCustomerLimit, type Refusal } from "../model/refusals";
import type { Order, OrderLine, PlaceOrderResult } from "../model/order";
import type { ProductRead } from "../stock/readProduct";
import type { BuyerHolds } from "../model/buyerHolds";
import type { HeldOrder } from "../model/holdDocument";
import type { ShippingAddress } from "../model/shippingAddress";

// One line as the buyer asked for it (the placeOrder request, already validated).
export interface OrderLineRequest {
  productId: string;
  quantity: number;
}

// What every request the allocator decides has: `id` is the id of what it makes (the order's,
// or the hold's), derived from the buyer and requestId.
interface RequestCommon {
  id: string;
  uid: string;
  email: string;
  requestId: string;
  items: OrderLineRequest[];
  locale?: string;
  shippingAddress?: ShippingAddress;
}

// The three kinds of request the allocator decides, by `kind`:
// - "order": an order, with the same checks and stock moves for every line;
// - "hold": a checkout hold: the same checks and stock, but the units go on hold until
//   `expiresAtMs`, within the shop's caps on holds (`limits`);
// - "from-hold": the order a live hold becomes: `items` are the hold's, its units are already
//   out of `quantity` (so never refused for stock), and the hold is read with the products.
export type AllocationRequest =
  | (RequestCommon & { kind: "order" })
  | (RequestCommon & { kind: "hold"; expiresAtMs: number; limits?: HoldLimits })
  | (RequestCommon & { kind: "from-hold"; holdId: string });

// The shop's caps on checkout holds (params HOLD_MAX_*), carried by each hold request, so one
// buyer (or many free accounts) can't hold a sale. 0 turns a cap off.
export interface HoldLimits {
  // Live holds one buyer may have at once.
  activePerBuyer: number;
  // Units of one product one buyer may hold at once.
  unitsPerProduct: number;
  // All holds together may take at most this percent of a product's unsold units (available +
  // held), rounded up; the rest stays for buyers who order directly.
  sharePercent: number;
}

export type { BuyerHolds };

// Entries of holds this long past their time are dropped when the record is next written,
// whatever happened to the sweep, so a buyer's record stays small.
const STALE_HOLD_ENTRY_MS = 24 * 60 * 60 * 1000;

export type { HeldOrder };


// `id`: the request's. A confirmed decision keeps its request: what to write follows its kind.
export type Decision =
  | { kind: "confirmed"; id: string; order: Omit<Order, "createdAt">; result: PlaceOrderResult; request: AllocationRequest }
  | { kind: "replayed"; id: string; result: PlaceOrderResult }
  | { kind: "refused"; id: string; refusal: Refusal };

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
  // The hold records (buyerHolds/{uid}) that changed: a hold placed, or one turned into an order.
  buyerHolds: Map<string, BuyerHolds>;
}

// The buyers whose hold records a batch must read: those placing a hold or turning one into an order.
export function holdingBuyers(requests: Pick<AllocationRequest, "uid" | "kind">[]): string[] {
  return [...new Set(requests.filter((request) => request.kind !== "order").map((request) => request.uid))];
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
export function limitedPurchases(requests: AllocationRequest[], products: Map<string, ProductRead>): { key: string; productId: string; uid: string }[] {
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

// What makes two requests under one order id the same request (a replay, another tab): the
// same lines, and the same kind (an order, a hold, or the order one given hold becomes).
export function requestKey(request: AllocationRequest): string {
  const kind = request.kind === "from-hold" ? `from-hold:${request.holdId}` : request.kind;
  return `${kind}|${itemsKey(request.items)}`;
}

export function resultOf(orderId: string, order: Pick<Order, "status" | "items" | "total" | "currency">): PlaceOrderResult {
  return { orderId, reference: orderReference(orderId), status: order.status, items: order.items, total: order.total, currency: order.currency };
}

export function planAllocation(
  requests: AllocationRequest[],
  products: Map<string, ProductRead>,
  existingOrders: Map<string, Order & { createdAt?: Timestamp }>,
  // What each buyer already bought of limited products (missing: nothing yet).
  boughtBefore: Map<string, number> = new Map(),
  // The holds that "from-hold" requests turn into orders, as read.
  holds: Map<string, HeldOrder> = new Map(),
  now = Date.now(),
  // The hold records of holdingBuyers(requests), as read (missing: none yet). An entry past its
  // time that the sweep hasn't ended yet no longer counts against the caps.
  buyerHoldsBefore: Map<string, BuyerHolds> = new Map(),
): Plan {
  const left = new Map<string, number>();
  for (const [productId, read] of products) if (read.ok) left.set(productId, read.product.quantity);
  const quantities = new Map<string, number>();
  const bought = new Map<string, { productId: string; uid: string; bought: number }>();
  const boughtSoFar = (key: string) => bought.get(key)?.bought ?? boughtBefore.get(key) ?? 0;
  const buyerHolds = new Map<string, BuyerHolds>();
  const holdsOf = (uid: string): BuyerHolds => buyerHolds.get(uid) ?? buyerHoldsBefore.get(uid) ?? {};
  const changeHolds = (uid: string, change: (record: BuyerHolds) => void) => {
    const record = Object.fromEntries(Object.entries(holdsOf(uid)).filter(([, entry]) => entry.expiresAtMs > now - STALE_HOLD_ENTRY_MS));
    change(record);
    buyerHolds.set(uid, record);
  };
  // Units put on hold in this batch, per product (the share cap counts them).
  const heldNow = new Map<string, number>();
  const holdLimitRefusal = (request: AllocationRequest, limits: HoldLimits, lines: OrderLine[]): Refusal | undefined => {
    const live = Object.values(holdsOf(request.uid)).filter((entry) => entry.expiresAtMs > now);
    if (limits.activePerBuyer > 0 && live.length >= limits.activePerBuyer) return { reason: "hold-limit", scope: "buyer-holds", limit: limits.activePerBuyer, canHold: 0 };
    for (const line of lines) {
      const mine = live.reduce((sum, entry) => sum + (entry.units[line.productId] ?? 0), 0);
      if (limits.unitsPerProduct > 0 && mine + line.quantity > limits.unitsPerProduct) {
        const canHold = Math.max(0, limits.unitsPerProduct - mine);
        return { reason: "hold-limit", scope: "buyer-units", productId: line.productId, name: line.name, limit: limits.unitsPerProduct, canHold };
      }
      const read = products.get(line.productId);
      if (!read?.ok || limits.sharePercent <= 0) continue;
      const heldBefore = read.product.held ?? 0;
      const ceiling = Math.ceil((limits.sharePercent / 100) * (read.product.quantity + heldBefore));
      const held = heldBefore + (heldNow.get(line.productId) ?? 0);
      if (held + line.quantity > ceiling) {
        return { reason: "hold-limit", scope: "product", productId: line.productId, name: line.name, limit: ceiling, canHold: Math.max(0, ceiling - held) };
      }
    }
    return undefined;
  };
  // A live hold becomes its order as held (lines, prices); an ended or timed-out one is refused
  // (the caller returns a timed-out hold's units).
  const fromHold = (request: Extract<AllocationRequest, { kind: "from-hold" }>): Decision => {
    const { holdId } = request;
    const hold = holds.get(holdId);
    const refused = (refusal: Refusal): Decision => ({ kind: "refused", id: request.id, refusal });
    if (!hold || hold.uid !== request.uid) return refused({ reason: "hold-not-found", holdId });
    if (hold.status === "released" || hold.status === "expired") return refused({ reason: "hold-expired", holdId, state: hold.status });
    if (hold.status !== "active") return refused({ reason: "hold-not-found", holdId });
    if (hold.expiresAtMs <= now) return refused({ reason: "hold-expired", holdId, state: "expired" });
    // A product that can't take the change (deleted, or its document broken) leaves the hold as
    // it is: its units stay held, never lost, until the product is fixed or the hold ends.
    for (const line of hold.items) {
      const read = products.get(line.productId);
      if (!read?.ok) return refused(read?.refusal ?? { reason: "product-not-found", productId: line.productId });
    }
    for (const line of hold.items) if (!quantities.has(line.productId)) quantities.set(line.productId, left.get(line.productId) ?? 0);
    changeHolds(hold.uid, (record) => delete record[holdId]);
    const order: Omit<Order, "createdAt"> = {
      uid: hold.uid,
      email: hold.email,
      items: hold.items,
      total: hold.total,
      currency: hold.currency,
      status: "confirmed",
      requestId: request.requestId,
      reference: orderReference(request.id),
      ...(hold.locale ? { locale: hold.locale } : {}),
      ...(hold.shippingAddress ? { shippingAddress: hold.shippingAddress } : {}),
      // Its units are where the hold held them.
      allocations: allocationsOf(hold),
      holdId,
      confirmation: { status: "pending", attempts: 0 },
    };
    return { kind: "confirmed", id: request.id, order, result: resultOf(request.id, order), request };
  };
  const decisions = requests.map((request): Decision => {
    const existing = existingOrders.get(request.id);
    if (existing) {
      if (itemsKey(existing.items) !== itemsKey(request.items)) {
        return { kind: "refused", id: request.id, refusal: { reason: "request-id-reused", requestId: request.requestId } };
      }
      return { kind: "replayed", id: request.id, result: resultOf(request.id, existing) };
    }
    if (request.kind === "from-hold") return fromHold(request);
    const lines: OrderLine[] = [];
    const currencies = new Set<string>();
    for (const line of request.items) {
      const read = products.get(line.productId);
      if (!read) throw new Error(`product ${line.productId} was not read`);
      if (!read.ok) return { kind: "refused", id: request.id, refusal: read.refusal };
      const available = left.get(line.productId) ?? 0;
      if (available < line.quantity) {
        return {
          kind: "refused",
          id: request.id,
          refusal: { reason: "insufficient-stock", productId: line.productId, name: read.product.name, requested: line.quantity, available },
        };
      }
      const limit = limitOf(read);
      if (limit !== undefined) {
        const already = boughtSoFar(customerKey(line.productId, request.uid));
        if (already + line.quantity > limit) {
          return { kind: "refused", id: request.id, refusal: perCustomerLimit(line.productId, read.product.name, limit, already) };
        }
      }
      currencies.add(read.product.currency);
      lines.push({ productId: line.productId, name: read.product.name, quantity: line.quantity, unitPrice: read.product.price });
    }
    if (currencies.size > 1) return { kind: "refused", id: request.id, refusal: { reason: "mixed-currencies", currencies: [...currencies] } };
    if (request.kind === "hold" && request.limits) {
      const refusal = holdLimitRefusal(request, request.limits, lines);
      if (refusal) return { kind: "refused", id: request.id, refusal };
    }

    for (const line of lines) {
      const quantity = (left.get(line.productId) ?? 0) - line.quantity;
      left.set(line.productId, quantity);
      quantities.set(line.productId, quantity);
      if (limitOf(products.get(line.productId)) !== undefined) {
        const key = customerKey(line.productId, request.uid);
        bought.set(key, { productId: line.productId, uid: request.uid, bought: boughtSoFar(key) + line.quantity });
      }
    }
    if (request.kind === "hold") {
      const { expiresAtMs } = request;
      for (const line of lines) heldNow.set(line.productId, (heldNow.get(line.productId) ?? 0) + line.quantity);
      changeHolds(request.uid, (record) => {
        record[request.id] = { expiresAtMs, units: Object.fromEntries(lines.map((line) => [line.productId, line.quantity])) };
      });
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
      reference: orderReference(request.id),
      ...(request.locale ? { locale: request.locale } : {}),
      ...(request.shippingAddress ? { shippingAddress: request.shippingAddress } : {}),
      confirmation: { status: "pending", attempts: 0 },
    };
    return { kind: "confirmed", id: request.id, order, result: resultOf(request.id, order), request };
  });
  return { decisions, quantities, bought, buyerHolds };
}
