// What an event carries as `data.object`: the resource as a shop's systems see it, without the
// backend's own bookkeeping (email leases, idempotency keys, pick-list indexes, sequences).
import type { HoldDocument } from "./holdDocument";
import type { OrderDocument } from "./orderDocument";

export function orderObject<Time>(orderId: string, order: OrderDocument<Time>): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- left out on purpose
  const { confirmation, requestId, stock, shipsFrom, eventSequence, ...rest } = order;
  return { id: orderId, ...rest };
}

export function holdObject<Time>(holdId: string, hold: HoldDocument<Time>): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- left out on purpose
  const { requestId, ...rest } = hold;
  return { id: holdId, ...rest };
}
