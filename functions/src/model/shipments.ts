// What of an order has shipped and what is left (pure; the fulfilment and cancellation flows
// and apps read the same numbers).
import type { OrderDocument } from "./orderDocument";

// Units of each line not shipped yet: what a shipment may take and a cancellation releases.
export function unshippedLines(order: Pick<OrderDocument<unknown>, "items" | "fulfilment">): { productId: string; quantity: number }[] {
  return order.items.map(({ productId, quantity }) => ({ productId, quantity: quantity - (order.fulfilment?.shipped[productId] ?? 0) }));
}
