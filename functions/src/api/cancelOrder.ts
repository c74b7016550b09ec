// The cancelOrder callable: who is asking, what they ask (within the buyer's rate limit), then
// the cancellation flow.
import { onCall, type CallableRequest } from "firebase-functions/v2/https";
import { callBudget, systemClock, type Clock } from "../budget";
import { buyerCancelWindowMinutes, orderRateLimitPerMinute, region } from "../config";
import { cancelOrder, type CancelOrderResult } from "../orders/cancelOrder";
import { BUYER_CANCEL_REASONS } from "../orders/cancelOrderSchema";
import { openSignedInCall } from "./callOpening";
import { atEdge, refuse } from "./httpsErrors";
import { enforceRateLimit } from "./rateLimit";
import { CALLABLES } from "./callables";
import { parseRequest } from "./validation";

export const CANCEL_TIMEOUT_SECONDS = 60;

export async function handleCancelOrder(request: CallableRequest, clock: Clock = systemClock): Promise<CancelOrderResult> {
  const budget = callBudget(CANCEL_TIMEOUT_SECONDS, clock);
  return atEdge(
    "cancelOrder",
    async () => {
      // A cancellation emails the buyer, so a buyer's address must be verified like an order's.
      const by = openSignedInCall(request, "Sign in to cancel an order.", { verifiedEmail: true });
      const input = parseRequest(CALLABLES.cancelOrder, request.data);
      if (!by.admin && !BUYER_CANCEL_REASONS.includes(input.reason)) {
        const message = `one of ${BUYER_CANCEL_REASONS.join(", ")} (the other reasons are the shop's to give)`;
        throw refuse("invalid-argument", `The cancellation request is invalid: reason: ${message}`, { reason: "invalid-request", issues: [{ path: "reason", message }] });
      }
      // Admins cancel for the shop, often many at once; buyers share the order calls' limit.
      if (!by.admin) await enforceRateLimit(by.uid, orderRateLimitPerMinute.value(), budget);
      return cancelOrder(input, by, buyerCancelWindowMinutes.value(), budget);
    },
    { uid: request.auth?.uid },
  );
}

export const cancelOrderCallable = onCall({ region, timeoutSeconds: CANCEL_TIMEOUT_SECONDS }, (request) => handleCancelOrder(request));
