// The order document's shape, generic over the timestamp type so the functions (Admin SDK)
// and apps (client SDK, through the client package) read the same contract.
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
}

export interface OrderDocument<Time> {
  uid: string;
  email: string;
  items: OrderLine[];
  total: number;
  currency: string;
  status: "confirmed" | "cancelled";
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
