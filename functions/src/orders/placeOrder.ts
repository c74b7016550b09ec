// The placeOrder callable: authentication, input validation, and turning every failure
// into an HttpsError a shop's app can show or act on.
import * as logger from "firebase-functions/logger";
import { HttpsError, onCall, type CallableRequest } from "firebase-functions/v2/https";
import { orderConcurrency, orderMaxInstances, orderMinInstances, region, transactionMaxAttempts } from "../config";
import { createOrder, type Buyer } from "./createOrder";
import type { PlaceOrderResult } from "./orderSchema";
import { placeOrderRequestSchema, type PlaceOrderRequest } from "./placeOrderSchema";

const TIMEOUT_SECONDS = 60;
// Leave time to answer before the platform kills the request.
const CONTENTION_BUDGET_MS = (TIMEOUT_SECONDS - 10) * 1000;

export function buyerFrom(request: CallableRequest): Buyer {
  if (!request.auth) throw new HttpsError("unauthenticated", "Sign in to place an order.");
  const email = request.auth.token.email;
  if (typeof email !== "string" || email === "") {
    throw new HttpsError(
      "failed-precondition",
      "Your account has no email address, and the order confirmation is sent by email. Add an email address to your account and try again.",
      { reason: "email-required" },
    );
  }
  return { uid: request.auth.uid, email };
}

export function parsePlaceOrderRequest(data: unknown): PlaceOrderRequest {
  const parsed = placeOrderRequestSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
  const summary = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join("; ");
  throw new HttpsError("invalid-argument", `The order request is invalid: ${summary}`, { reason: "invalid-request", issues });
}

export async function handlePlaceOrder(request: CallableRequest): Promise<PlaceOrderResult> {
  const buyer = buyerFrom(request);
  const order = parsePlaceOrderRequest(request.data);
  try {
    return await createOrder(buyer, order, {
      maxAttempts: transactionMaxAttempts.value(),
      deadline: Date.now() + CONTENTION_BUDGET_MS,
    });
  } catch (error) {
    if (error instanceof HttpsError) throw error;
    // Never leak raw Firestore/gRPC errors or stacks to clients; keep them in the logs.
    logger.error("placeOrder failed unexpectedly", { uid: buyer.uid, requestId: order.requestId, error });
    throw new HttpsError("internal", "Your order could not be placed because of a server error. Retry with the same requestId: it will never order twice.");
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
