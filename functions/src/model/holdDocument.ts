// A checkout hold: units reserved for one buyer until `expiresAt`, then turned into an order,
// released by the buyer, or returned by expiry, exactly one of the three. Generic over the
// timestamp type, shared with apps like the order document.
import type { Allocation } from "./allocations";
import type { OrderLine } from "./orderDocument";
import type { ShippingAddress } from "./shippingAddress";

export type HoldStatus = "active" | "converted" | "released" | "expired";

export interface HoldDocument<Time> {
  uid: string;
  email: string;
  items: OrderLine[];
  total: number;
  currency: string;
  status: HoldStatus;
  requestId: string;
  createdAt: Time;
  expiresAt: Time;
  locale?: string;
  // Where the order it becomes ships.
  shippingAddress?: ShippingAddress;
  // Where its units are held (model/allocations.ts); holds from before locations lack it: default.
  allocations?: Allocation[];
  // Set when the hold ended: the order it became, and when.
  orderId?: string;
  endedAt?: Time;
}

// A hold as an allocation plans with it (placeOrder with a hold): the document's fields it
// reads, its time as epoch ms.
export type HeldOrder = Pick<HoldDocument<unknown>, "uid" | "email" | "status" | "items" | "total" | "currency" | "locale" | "shippingAddress" | "allocations"> & { expiresAtMs: number };

export interface HoldResult {
  holdId: string;
  status: HoldStatus;
  // ISO 8601.
  expiresAt: string;
  items: OrderLine[];
  total: number;
  currency: string;
}
