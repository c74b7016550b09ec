// Checkout holds: holdStock and releaseHold for signed-in buyers, the scheduled expiry sweep
// and its admin "sweep now" twin. placeOrder({ holdId, requestId }) turns a hold into an order.
import { onCall, type CallableRequest } from "firebase-functions/v2/https";
import { onSchedule } from "firebase-functions/v2/scheduler";
import { holdMinutes, orderRateLimitPerMinute, region, requireAppCheck, requireVerifiedEmail, transactionMaxAttempts } from "../config";
import type { HoldResult } from "../model/holdDocument";
import { releaseHold as release, sweepExpiredHolds } from "../orders/holdLifecycle";
import { holdStockRequestSchema, releaseHoldSchema, type HoldSweepSummary } from "../orders/holdSchemas";
import { createHold } from "../orders/holdStock";
import { atEdge, signInRequired } from "./httpsErrors";
import { buyerFrom } from "./placeOrder";
import { enforceRateLimit } from "./rateLimit";
import { checkAppCheck, checkRequestSize, checkVerifiedEmail } from "./requestGuards";
import { requireAdmin } from "./requireAdmin";
import { parseOrThrow } from "./validation";

const TIMEOUT_SECONDS = 60;

export async function handleHoldStock(request: CallableRequest): Promise<HoldResult> {
  checkRequestSize(request);
  checkAppCheck(request, requireAppCheck.value());
  const buyer = buyerFrom(request);
  checkVerifiedEmail(request, requireVerifiedEmail.value());
  const hold = parseOrThrow(holdStockRequestSchema, request.data, "The hold request is invalid");
  await enforceRateLimit(buyer.uid, orderRateLimitPerMinute.value());
  const deadline = Date.now() + (TIMEOUT_SECONDS - 10) * 1000;
  return atEdge(createHold(buyer, hold, holdMinutes.value(), { maxAttempts: transactionMaxAttempts.value(), deadline }));
}

export const holdStock = onCall({ region, timeoutSeconds: TIMEOUT_SECONDS, memory: "512MiB" }, handleHoldStock);

export const releaseHold = onCall({ region, timeoutSeconds: 60 }, async (request): Promise<HoldResult> => {
  checkRequestSize(request);
  checkAppCheck(request, requireAppCheck.value());
  if (!request.auth) throw signInRequired("Sign in to release a hold.");
  const { holdId } = parseOrThrow(releaseHoldSchema, request.data, "The release request is invalid");
  return atEdge(release({ uid: request.auth.uid }, holdId));
});

export const holdSweep = onSchedule({ schedule: "every 1 minutes", region, timeoutSeconds: 300 }, async () => {
  await sweepExpiredHolds();
});

export const sweepHoldsNow = onCall({ region, timeoutSeconds: 300 }, async (request): Promise<HoldSweepSummary> => {
  requireAdmin(request);
  return atEdge(sweepExpiredHolds());
});
