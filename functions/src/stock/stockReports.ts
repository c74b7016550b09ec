// What stock operations report back to their callers (and, through the client package, to
// apps). Types only, free of server imports.
import type { Product } from "./productSchema";

export interface StockChange {
  productId: string;
  quantityBefore: number;
  quantity: number;
  status: Product["status"];
  // The buckets after the change: all locations together, and each location.
  onHand: number;
  committed: number;
  held: number;
  locations: Record<string, { onHand: number; committed: number; held: number }>;
}

// A stock-take's answer: the change, with the units counted (the new on hand).
export interface StockTake extends StockChange {
  counted: number;
}

// A page of the ledger check: each product's report, and where the next page starts.
export interface LedgerPage {
  reports: LedgerReport[];
  checked: number;
  // The product id to pass as `after` for the next page; absent on the last page.
  next?: string;
}

export interface LedgerReport {
  productId: string;
  quantity: number | undefined;
  movements: number;
  // Stock the history accounts for: the opening quantity plus every delta.
  derived: number | undefined;
  ok: boolean;
  problems: string[];
}
