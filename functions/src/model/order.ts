// The order document (a contract with clients, rules and the email trigger).
import type { Timestamp } from "firebase-admin/firestore";

export interface OrderLine {
  productId: string;
  name: string;
  quantity: number;
  unitPrice: number;
}

export type ConfirmationStatus = "pending" | "sending" | "sent" | "failed";

export interface Confirmation {
  status: ConfirmationStatus;
  attempts: number;
  lastError?: string;
  sentAt?: Timestamp;
  messageId?: string;
  leaseExpiresAt?: Timestamp;
}

export interface Cancellation {
  by: string;
  // "admin", or "buyer" within the cancellation window.
  role: "admin" | "buyer";
  at: Timestamp;
  reason: string;
}

export interface Order {
  uid: string;
  email: string;
  items: OrderLine[];
  total: number;
  currency: string;
  status: "confirmed" | "cancelled";
  createdAt: Timestamp;
  requestId: string;
  confirmation: Confirmation;
  cancellation?: Cancellation;
}

export interface PlaceOrderResult {
  orderId: string;
  status: Order["status"];
  items: OrderLine[];
  total: number;
  currency: string;
}
