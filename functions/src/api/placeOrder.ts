// The placeOrder callable: authentication, input validation, and turning every failure
// into an HttpsError a shop's app can show or act on.
import * as logger from "firebase-functions/logger";
import { HttpsError, onCall, type CallableRequest } from "firebase-functions/v2/https";
import {
  orderConcurrency,
  orderMaxInstances,
  orderMinInstances,
  orderRateLimitPerMinute,
  region,
  requireAppCheck,
  requireVerifiedEmail,
  transactionMaxAttempts,
} from "../config";
import { enforceRateLimit } from "./rateLimit";
import { checkAppCheck, checkRequestSize, checkVerifiedEmail } from "./requestGuards";
import { ContentionExhausted, withContentionRetry } from "../firestore/transaction";
import { createOrder, type Buyer } from "../orders/createOrder";
import { Refused } from "../stock/refusals";
import { atEdge, busy, refusalToHttpsError, refuse, signInRequired } from "./httpsErrors";
import { convertHold } from "../orders/holdLifecycle";
import { placeOrderFromHoldSchema } from "../orders/holdSchemas";
import type { PlaceOrderResult } from "../model/order";
import { localeSchema, placeOrderRequestSchema, type PlaceOrderRequest } from "../orders/placeOrderSchema";
import { parseOrThrow } from "./validation";

const TIMEOUT_SECONDS = 60;
// Leave time to answer before the platform kills the request.
const CONTENTION_BUDGET_MS = (TIMEOUT_SECONDS - 10) * 1000;

export function buyerFrom(request: CallableRequest): Buyer {
  if (!request.auth) throw signInRequired("Sign in to place an order.");
  const email = request.auth.token.email;
  if (typeof email !== "string" || email === "") {
    throw refuse(
      "failed-precondition",
      "Your account has no email address, and the order confirmation is sent by email. Add an email address to your account and try again.",
      { reason: "email-required" },
    );
  }
  const locale = localeSchema.safeParse(request.auth.token.locale);
  return { uid: request.auth.uid, email, ...(locale.success ? { locale: locale.data } : {}) };
}

export function parsePlaceOrderRequest(data: unknown): PlaceOrderRequest {
  return parseOrThrow(placeOrderRequestSchema, data, "The order request is invalid");
}

// placeOrder takes either lines ({ items, requestId }) or a live hold ({ holdId, requestId }).
function isHoldRequest(data: unknown): boolean {
  return typeof data === "object" && data !== null && "holdId" in data;
}

export async function handlePlaceOrder(request: CallableRequest): Promise<PlaceOrderResult> {
  checkRequestSize(request);
  checkAppCheck(request, requireAppCheck.value());
  const buyer = buyerFrom(request);
  checkVerifiedEmail(request, requireVerifiedEmail.value());
  if (isHoldRequest(request.data)) {
    const { holdId, requestId } = parseOrThrow(placeOrderFromHoldSchema, request.data, "The order request is invalid");
    await enforceRateLimit(buyer.uid, orderRateLimitPerMinute.value());
    return atEdge(convertHold(buyer, holdId, requestId, { maxAttempts: transactionMaxAttempts.value(), deadline: Date.now() + CONTENTION_BUDGET_MS }));
  }
  const order = parsePlaceOrderRequest(request.data);
  await enforceRateLimit(buyer.uid, orderRateLimitPerMinute.value());
  const deadline = Date.now() + CONTENTION_BUDGET_MS;
  const options = { maxAttempts: transactionMaxAttempts.value(), deadline };
  try {
    // A transient Firestore fault anywhere in the flow restarts it; the flow is idempotent.
    const { value, attempts } = await withContentionRetry(() => createOrder(buyer, order, options), deadline);
    if (attempts > 1) logger.warn("placeOrder recovered from a transient Firestore error", { uid: buyer.uid, requestId: order.requestId, attempts });
    return value;
  } catch (error) {
    if (error instanceof Refused) throw refusalToHttpsError(error.refusal);
    if (error instanceof HttpsError) throw error;
    if (error instanceof ContentionExhausted) {
      logger.error("placeOrder gave up on transient Firestore errors", { uid: buyer.uid, requestId: order.requestId, attempts: error.attempts, error: error.cause });
      throw busy();
    }
    // Never leak raw Firestore/gRPC errors or stacks to clients; keep them in the logs.
    logger.error("placeOrder failed unexpectedly", { uid: buyer.uid, requestId: order.requestId, error });
    throw refuse("internal", "Your order could not be placed because of a server error. Retry with the same requestId: it will never order twice.", { reason: "server-error" });
  }
}

export const placeOrder = onCall(
  {
    region,
    concurrency: orderConcurrency,
    maxInstances: orderMaxInstances,
    minInstances: orderMinInstances,
    cpu: 1,
    memory: "512MiB",
    timeoutSeconds: TIMEOUT_SECONDS,
  },
  handlePlaceOrder,
);
