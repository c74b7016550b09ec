// The warehouse's callables (shop admins, and accounts with the `fulfilment` claim):
// fulfillOrder records a shipment and emails the buyer; returnItems takes units back.
import { onCall, type CallableRequest } from "firebase-functions/v2/https";
import { region } from "../config";
import { fulfilOrder, type FulfillOrderResult } from "../orders/fulfilOrder";
import { returnItems as takeBack, type ReturnItemsResult } from "../orders/returnItems";
import { CALLABLES } from "./callables";
import { atEdge, refuse, signInRequired } from "./httpsErrors";
import { checkRequestSize } from "./requestGuards";
import { parseRequest } from "./validation";

// Who may ship: admins, and accounts granted `fulfilment` (npm run admin -- grant-fulfilment).
function requireFulfilment(request: CallableRequest): string {
  if (!request.auth) throw signInRequired("Sign in with a shop account to ship orders.");
  const { admin, fulfilment } = request.auth.token;
  if (admin !== true && fulfilment !== true) {
    throw refuse("permission-denied", "Shipping orders is for shop admins and fulfilment accounts only.", { reason: "fulfilment-role-required" });
  }
  return request.auth.uid;
}

export function handleFulfillOrder(request: CallableRequest): Promise<FulfillOrderResult> {
  return atEdge(
    "fulfillOrder",
    () => {
      checkRequestSize(request);
      const by = requireFulfilment(request);
      return fulfilOrder(parseRequest(CALLABLES.fulfillOrder, request.data), by);
    },
    { uid: request.auth?.uid },
  );
}

export const fulfillOrder = onCall({ region, timeoutSeconds: 60 }, (request) => handleFulfillOrder(request));

export function handleReturnItems(request: CallableRequest): Promise<ReturnItemsResult> {
  return atEdge(
    "returnItems",
    () => {
      checkRequestSize(request);
      const by = requireFulfilment(request);
      return takeBack(parseRequest(CALLABLES.returnItems, request.data), by);
    },
    { uid: request.auth?.uid },
  );
}

export const returnItems = onCall({ region, timeoutSeconds: 60 }, (request) => handleReturnItems(request));
