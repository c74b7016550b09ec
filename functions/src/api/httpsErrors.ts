// The edge: each domain refusal becomes the HttpsError a shop's app gets, with a message a
// person can act on and `details` a program can branch on (the README's error table).
import { HttpsError, type FunctionsErrorCode } from "firebase-functions/v2/https";
import { Refused, type Refusal } from "../stock/refusals";
import type { ErrorDetails } from "./errorDetails";

export function refusalToHttpsError(refusal: Refusal): HttpsError {
  switch (refusal.reason) {
    case "product-not-found":
      return refuse("not-found", `Product "${refusal.productId}" does not exist. Refresh the catalog and try again.`, {
        reason: refusal.reason,
        productId: refusal.productId,
      });
    case "product-misconfigured":
      if (refusal.during === "stock-change") {
        return refuse("failed-precondition", `Product "${refusal.productId}" has an invalid catalog entry; fix it with upsertProduct first.`, {
          reason: refusal.reason,
          productId: refusal.productId,
        });
      }
      return refuse(
        "failed-precondition",
        `Product "${refusal.productId}" can't be ordered right now: its catalog entry is incomplete. The shop has been told.`,
        { reason: refusal.reason, productId: refusal.productId, problem: refusal.problem },
      );
    case "insufficient-stock": {
      const { productId, name, requested, available } = refusal;
      const what = available === 0 ? `"${name}" is sold out` : `Only ${available} of "${name}" left`;
      return refuse("failed-precondition", `${what}; you asked for ${requested}.`, { reason: refusal.reason, productId, requested, available });
    }
    case "per-customer-limit": {
      const { productId, name, limit, alreadyBought, canBuy } = refusal;
      return refuse(
        "failed-precondition",
        `"${name}" is limited to ${limit} per customer; ${canBuy === 0 ? "you have reached that limit" : `you can buy ${canBuy} more`}.`,
        { reason: refusal.reason, productId, limit, alreadyBought, canBuy },
      );
    }
    case "mixed-currencies":
      return refuse(
        "failed-precondition",
        `These products are priced in different currencies (${refusal.currencies.join(", ")}); order them separately.`,
        { reason: refusal.reason, currencies: refusal.currencies },
      );
    case "request-id-reused":
      return refuse(
        "already-exists",
        `requestId "${refusal.requestId}" was already used for a different order. Generate a new requestId for a new order.`,
        { reason: refusal.reason, requestId: refusal.requestId },
      );
    case "order-not-found":
      // Same answer for another buyer's order, so ids can't be probed.
      return refuse("not-found", `Order "${refusal.orderId}" was not found among your orders.`, { reason: refusal.reason, orderId: refusal.orderId });
    case "cancel-window-passed":
      return refuse(
        "failed-precondition",
        refusal.windowMinutes > 0
          ? `Orders can be cancelled within ${refusal.windowMinutes} minutes of ordering; this one can no longer be. Contact the shop.`
          : "Orders can't be cancelled online. Contact the shop.",
        { reason: refusal.reason, orderId: refusal.orderId, windowMinutes: refusal.windowMinutes },
      );
    case "product-unavailable":
      return refuse(
        "failed-precondition",
        `Order "${refusal.orderId}" can't be cancelled: product "${refusal.productId}" is ${refusal.state}, so its units can't go back to stock. Fix or recreate the product first.`,
        { reason: refusal.reason, orderId: refusal.orderId, productId: refusal.productId },
      );
    case "stock-too-large":
      return refuse("invalid-argument", `Stock of "${refusal.productId}" can't exceed ${refusal.max}.`, { reason: refusal.reason, productId: refusal.productId });
    case "hold-not-found":
      return refuse("not-found", `Hold "${refusal.holdId}" was not found among your holds.`, refusal);
    case "hold-expired":
      return refuse(
        "failed-precondition",
        refusal.state === "released"
          ? "This hold was released, so its items are no longer reserved. Place the order without the hold to buy what is still in stock."
          : "This hold expired, so its items are no longer reserved. Place the order without the hold to buy what is still in stock.",
        refusal,
      );
    case "contention":
      if (refusal.during === "cancel") {
        return refuse("unavailable", "The shop is too busy to cancel this order right now. Please retry in a moment; it will never cancel twice.", {
          reason: refusal.reason,
        });
      }
      if (refusal.during === "stock-change") {
        return refuse("unavailable", "This product is being changed by many requests at once. Please retry in a moment.", { reason: refusal.reason });
      }
      return busy();
  }
}

export function busy(): HttpsError {
  return refuse("unavailable", "The shop is too busy to take this order right now. Please retry in a moment.", {
    reason: "contention",
  });
}

// Runs a flow and turns its domain refusal into the HttpsError its caller gets.
export async function atEdge<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof Refused) throw refusalToHttpsError(error.refusal);
    throw error;
  }
}

// The only way callables build errors: `details` must match the contract apps are typed with.
export function refuse(code: FunctionsErrorCode, message: string, details: ErrorDetails): HttpsError {
  return new HttpsError(code, message, details);
}

export function signInRequired(message: string): HttpsError {
  return refuse("unauthenticated", message, { reason: "sign-in-required" });
}
