// The cancelOrder callable: who is asking, what they ask, then the cancellation flow.
import { onCall, type CallableRequest } from "firebase-functions/v2/https";
import { buyerCancelWindowMinutes, region, requireAppCheck } from "../config";
import { cancelOrder, type CancelOrderResult } from "../orders/cancelOrder";
import { cancelOrderRequestSchema } from "../orders/cancelOrderSchema";
import { atEdge, signInRequired } from "./httpsErrors";
import { checkAppCheck, checkRequestSize } from "./requestGuards";
import { parseOrThrow } from "./validation";

export async function handleCancelOrder(request: CallableRequest): Promise<CancelOrderResult> {
  checkRequestSize(request);
  checkAppCheck(request, requireAppCheck.value());
  if (!request.auth) throw signInRequired("Sign in to cancel an order.");
  const input = parseOrThrow(cancelOrderRequestSchema, request.data, "The cancellation request is invalid");
  const by = { uid: request.auth.uid, admin: request.auth.token.admin === true };
  return atEdge(cancelOrder(input, by, buyerCancelWindowMinutes.value()));
}

export const cancelOrderCallable = onCall({ region, timeoutSeconds: 60 }, handleCancelOrder);
