// Checkout holds: holdStock and releaseHold for signed-in buyers, the scheduled expiry sweep
// and its admin "sweep now" twin. placeOrder({ holdId, requestId }) turns a hold into an order.
import { onCall, type CallableRequest } from "firebase-functions/v2/https";
import { onSchedule } from "firebase-functions/v2/scheduler";
import { callBudget, systemClock, type Clock } from "../budget";
import { holdMaxActivePerBuyer, holdMaxSharePercent, holdMaxUnitsPerProduct, holdMinutes, region, requireShippingAddress } from "../config";
import type { HoldResult } from "../model/holdDocument";
import { releaseHold as release, sweepExpiredHolds } from "../orders/holdLifecycle";
import type { HoldSweepSummary } from "../orders/holdSchemas";
import { createHold } from "../orders/holdStock";
import { runAllocatingFlow } from "./allocatingFlow";
import { openBuyerCall, openSignedInCall } from "./callOpening";
import { atEdge } from "./httpsErrors";
import { checkShippingAddress } from "./requestGuards";
import { requireAdmin } from "./requireAdmin";
import { CALLABLES } from "./callables";
import { parseRequest } from "./validation";

export const HOLD_TIMEOUT_SECONDS = 60;

export async function handleHoldStock(request: CallableRequest, clock: Clock = systemClock): Promise<HoldResult> {
  const budget = callBudget(HOLD_TIMEOUT_SECONDS, clock);
  return atEdge(
    "holdStock",
    async () => {
      const buyer = openBuyerCall(request, "Sign in to reserve items.");
      const hold = parseRequest(CALLABLES.holdStock, request.data);
      checkShippingAddress(hold, requireShippingAddress.value());
      const limits = { activePerBuyer: holdMaxActivePerBuyer.value(), unitsPerProduct: holdMaxUnitsPerProduct.value(), sharePercent: holdMaxSharePercent.value() };
      const settings = { holdMinutes: holdMinutes.value(), limits };
      return runAllocatingFlow("holdStock", budget, { uid: buyer.uid, requestId: hold.requestId }, (options) => createHold(buyer, hold, settings, options));
    },
    { uid: request.auth?.uid },
  );
}

export const holdStock = onCall({ region, timeoutSeconds: HOLD_TIMEOUT_SECONDS, memory: "512MiB" }, (request) => handleHoldStock(request));

export const releaseHold = onCall({ region, timeoutSeconds: 60 }, (request): Promise<HoldResult> =>
  atEdge(
    "releaseHold",
    () => {
      const { uid } = openSignedInCall(request, "Sign in to release a hold.", { verifiedEmail: false });
      const { holdId } = parseRequest(CALLABLES.releaseHold, request.data);
      return release({ uid }, holdId);
    },
    { uid: request.auth?.uid },
  ),
);

export const holdSweep = onSchedule({ schedule: "every 1 minutes", region, timeoutSeconds: 300 }, async () => {
  await sweepExpiredHolds();
});

export const sweepHoldsNow = onCall({ region, timeoutSeconds: 300 }, (request): Promise<HoldSweepSummary> =>
  atEdge("sweepHoldsNow", () => {
    requireAdmin(request);
    parseRequest(CALLABLES.sweepHoldsNow, request.data ?? {});
    return sweepExpiredHolds();
  }),
);
