// What of an order has shipped and what is left (pure; the fulfilment and cancellation flows
// and apps read the same numbers).
import type { OrderDocument } from "./orderDocument";

// Units of each line not shipped yet: what a shipment may take and a cancellation releases.
export function unshippedLines(order: Pick<OrderDocument<unknown>, "items" | "fulfilment">): { productId: string; quantity: number }[] {
  return order.items.map(({ productId, quantity }) => ({ productId, quantity: quantity - (order.fulfilment?.shipped[productId] ?? 0) }));
}

// Units of each line shipped and not returned yet: what a return may take back.
export function returnableLines(order: Pick<OrderDocument<unknown>, "items" | "fulfilment" | "returns">): { productId: string; quantity: number }[] {
  return order.items.map(({ productId }) => ({ productId, quantity: (order.fulfilment?.shipped[productId] ?? 0) - (order.returns?.returned[productId] ?? 0) }));
}
