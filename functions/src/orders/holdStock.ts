// Checkout holds, placed: the allocator decides a hold exactly like an order (same checks,
// limits, idempotency, and batching on hot products), but the units go on hold.
import * as logger from "firebase-functions/logger";
import type { AllocateOptions, AllocationRequest } from "../allocator/allocate";
import { itemsKey, type HoldLimits } from "../allocator/allocationPlan";
import { holdRef } from "../firestore/paths";
import type { HoldDocument, HoldResult } from "../model/holdDocument";
import { Refused } from "../model/refusals";
import type { Buyer } from "./createOrder";
import { decide } from "./decide";
import type { HoldStockRequest } from "./holdSchemas";
import { holdIdFor } from "./orderId";
import type { Timestamp } from "firebase-admin/firestore";

export type Hold = HoldDocument<Timestamp>;

export function holdResultOf(holdId: string, hold: Pick<Hold, "status" | "items" | "total" | "currency"> & { expiresAt: { toMillis(): number } }): HoldResult {
  return { holdId, status: hold.status, expiresAt: new Date(hold.expiresAt.toMillis()).toISOString(), items: hold.items, total: hold.total, currency: hold.currency };
}

async function storedHold(holdId: string, request: HoldStockRequest): Promise<HoldResult | undefined> {
  const snapshot = await holdRef(holdId).get();
  if (!snapshot.exists) return undefined;
  const hold = snapshot.data() as Hold;
  if (itemsKey(hold.items) !== itemsKey(request.items)) throw new Refused({ reason: "request-id-reused", requestId: request.requestId });
  return holdResultOf(holdId, hold);
}

export async function createHold(buyer: Buyer, request: HoldStockRequest, settings: { holdMinutes: number; limits: HoldLimits }, options: AllocateOptions): Promise<HoldResult> {
  const holdId = holdIdFor(buyer.uid, request.requestId);
  const expiresAtMs = options.budget.clock() + settings.holdMinutes * 60_000;
  const locale = request.locale ?? buyer.locale;
  const hold: AllocationRequest = {
    kind: "hold",
    id: holdId,
    uid: buyer.uid,
    email: buyer.email,
    requestId: request.requestId,
    items: request.items,
    ...(locale ? { locale } : {}),
    ...(request.shippingAddress ? { shippingAddress: request.shippingAddress } : {}),
    expiresAtMs,
    limits: settings.limits,
  };
  const context = { holdId, uid: buyer.uid, productIds: request.items.map((item) => item.productId) };
  const decided = await decide(hold, options, "Hold", context, () => storedHold(holdId, request));
  if ("stored" in decided) return decided.stored;
  const { verdict, log } = decided;
  if (verdict.kind === "refused") {
    logger.info("Hold refused", { ...log, outcome: verdict.refusal.reason });
    throw new Refused(verdict.refusal);
  }
  logger.info(verdict.kind === "confirmed" ? "Hold placed" : "Hold replayed", { ...log, outcome: verdict.kind });
  if (verdict.kind === "confirmed") {
    const { items, total, currency } = verdict.result;
    return { holdId, status: "active", expiresAt: new Date(expiresAtMs).toISOString(), items, total, currency };
  }
  // A replay answers with the hold as it is now (it may have expired, or become an order).
  return (await storedHold(holdId, request)) ?? Promise.reject(new Refused({ reason: "hold-not-found", holdId }));
}
