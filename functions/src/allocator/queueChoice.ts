// Which product's queue an order waits in, decided by one rule everywhere (the direct path's
// hot markers, this instance's hot hints, an order with no hot product): the first of the
// candidates in code-unit order, a plain string comparison that every instance and runtime
// agrees on (never a locale-aware one, which may put "a" before "B" on one machine only).
export function firstInQueueOrder(productIds: Iterable<string>): string | undefined {
  let first: string | undefined;
  for (const productId of productIds) if (first === undefined || productId < first) first = productId;
  return first;
}
