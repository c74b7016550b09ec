// The placeOrder callable: who is asking and what they ask, within one time budget, then the
// order flow; every failure leaves as an HttpsError a shop's app can show or act on.
import { onCall, type CallableRequest } from "firebase-functions/v2/https";
import { callBudget, systemClock, type Clock } from "../budget";
import { orderConcurrency, orderMaxInstances, orderMinInstances, region, requireShippingAddress } from "../config";
import type { PlaceOrderResult } from "../model/order";
import { createOrder } from "../orders/createOrder";
import { convertHold } from "../orders/holdLifecycle";
import type { PlaceOrderRequest } from "../orders/placeOrderSchema";
import { runAllocatingFlow } from "./allocatingFlow";
import { openBuyerCall } from "./callOpening";
import { atEdge } from "./httpsErrors";
import { CALLABLES } from "./callables";
import { checkShippingAddress } from "./requestGuards";
import { parseRequest } from "./validation";

export const PLACE_ORDER_TIMEOUT_SECONDS = 60;

export function parsePlaceOrderRequest(data: unknown): PlaceOrderRequest {
  return parseRequest(CALLABLES.placeOrder, data);
}

// placeOrder takes either lines ({ items, requestId }) or a live hold ({ holdId, requestId }).
function isHoldRequest(data: unknown): boolean {
  return typeof data === "object" && data !== null && "holdId" in data;
}

function requestIdOf(data: unknown): unknown {
  return typeof data === "object" && data !== null ? (data as { requestId?: unknown }).requestId : undefined;
}

export async function handlePlaceOrder(request: CallableRequest, clock: Clock = systemClock): Promise<PlaceOrderResult> {
  const budget = callBudget(PLACE_ORDER_TIMEOUT_SECONDS, clock);
  return atEdge(
    "placeOrder",
    async () => {
      const buyer = openBuyerCall(request, "Sign in to place an order.");
      if (isHoldRequest(request.data)) {
        const { holdId, requestId } = parseRequest(CALLABLES.placeOrderFromHold, request.data);
        return runAllocatingFlow("placeOrder", budget, { uid: buyer.uid, requestId }, (options) => convertHold(buyer, holdId, requestId, options));
      }
      const order = parsePlaceOrderRequest(request.data);
      checkShippingAddress(order, requireShippingAddress.value());
      return runAllocatingFlow("placeOrder", budget, { uid: buyer.uid, requestId: order.requestId }, (options) => createOrder(buyer, order, options));
    },
    { uid: request.auth?.uid, requestId: requestIdOf(request.data) },
  );
}

export const placeOrder = onCall(
  {
    region,
    concurrency: orderConcurrency,
    maxInstances: orderMaxInstances,
    minInstances: orderMinInstances,
    cpu: 1,
    memory: "512MiB",
    timeoutSeconds: PLACE_ORDER_TIMEOUT_SECONDS,
  },
  (request) => handlePlaceOrder(request),
);
