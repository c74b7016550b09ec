// The order document's shape, generic over the timestamp type so the functions (Admin SDK)
// and apps (client SDK, through the client package) read the same contract.
import type { Allocation } from "./allocations";
import type { ShippingAddress } from "./shippingAddress";

export type { ShippingAddress };
export interface OrderLine {
  productId: string;
  name: string;
  quantity: number;
  unitPrice: number;
}

export type ConfirmationStatus = "pending" | "sending" | "sent" | "failed";

export interface Confirmation<Time> {
  status: ConfirmationStatus;
  attempts: number;
  lastError?: string;
  sentAt?: Time;
  messageId?: string;
  leaseExpiresAt?: Time;
}

export interface Cancellation<Time> {
  by: string;
  // "admin", or "buyer" within the cancellation window.
  role: "admin" | "buyer";
  at: Time;
  // A CancelReason code (model/cancelReasons.ts); orders cancelled before the codes hold free text.
  reason: string;
  // The canceller's own words, for the shop only (never emailed).
  note?: string;
  // Units that went back to stock: those not shipped yet (orders cancelled before fulfilment
  // existed lack it: all their units went back).
  released?: { productId: string; quantity: number }[];
}

// The order's shipments so far, on the order (each one is orders/{orderId}/fulfilments/{id}).
export interface FulfilmentSummary<Time> {
  // Units shipped per product.
  shipped: Record<string, number>;
  // Commitments released by shipments, per product and the location they were allocated to
  // (absent before locations: the default location).
  releasedAt?: Record<string, Record<string, number>>;
  shipments: number;
  lastShippedAt?: Time;
  // The latest shipment's, for "My orders".
  carrier?: string;
  trackingNumber?: string;
}

// One shipment: orders/{orderId}/fulfilments/{fulfilmentId} (the id derived from the requestId).
export interface FulfilmentDocument<Time> {
  requestId: string;
  lines: { productId: string; name: string; quantity: number }[];
  // Where the units left from.
  from?: Allocation[];
  carrier?: string;
  trackingNumber?: string;
  by: string;
  at: Time;
}

// Units returned per product (each return is orders/{orderId}/returns/{returnId}).
export interface ReturnSummary {
  returned: Record<string, number>;
  restocked: Record<string, number>;
  returns: number;
}

// One return: orders/{orderId}/returns/{returnId} (the id derived from the requestId).
export interface ReturnDocument<Time> {
  requestId: string;
  lines: { productId: string; name: string; quantity: number }[];
  // Back on the shelf for sale; otherwise written off (damaged, not resellable).
  restock: boolean;
  reason?: string;
  by: string;
  at: Time;
}

export type OrderStatus = "confirmed" | "partially_fulfilled" | "fulfilled" | "cancelled";

export interface OrderDocument<Time> {
  uid: string;
  email: string;
  items: OrderLine[];
  total: number;
  currency: string;
  status: OrderStatus;
  createdAt: Time;
  requestId: string;
  // Short reference for people (model/orderReference.ts); orders from before it existed lack it.
  reference?: string;
  // The buyer's language for emails (BCP 47), from the order request or the account.
  locale?: string;
  // The checkout hold this order was made from.
  holdId?: string;
  // Where it ships, as the buyer gave it (orders placed without one lack it).
  shippingAddress?: ShippingAddress;
  confirmation: Confirmation<Time>;
  cancellation?: Cancellation<Time>;
  // "committed": its unshipped units are counted in its products' committed stock. Orders placed
  // before that existed lack it until the migration counts them (docs/inventory-model.md).
  stock?: "committed";
  // Where each unit comes from (model/allocations.ts); orders from before locations lack it: default.
  allocations?: Allocation[];
  // The locations still to ship units from (model/shipments.ts shipsFromOf), for each location's
  // pick list; empty once shipped in full or cancelled. Orders not counted in committed stock lack it.
  shipsFrom?: string[];
  fulfilment?: FulfilmentSummary<Time>;
  returns?: ReturnSummary;
  // The sequence of the order's latest event (model/events.ts); orders from before events lack it.
  eventSequence?: number;
}

export interface PlaceOrderResult {
  orderId: string;
  // Short, readable reference to quote to support, e.g. "K7M2QX9P".
  reference: string;
  status: OrderDocument<unknown>["status"];
  items: OrderLine[];
  total: number;
  currency: string;
}
