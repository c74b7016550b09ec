// The edge: each domain refusal becomes the HttpsError a shop's app gets, with a message a
// person can act on and `details` a program can branch on (the error table in docs/api.md).
import * as logger from "firebase-functions/logger";
import { HttpsError, type FunctionsErrorCode } from "firebase-functions/v2/https";
import { GuardedCommitGaveUp } from "../firestore/guardedCommit";
import { ContentionExhausted } from "../firestore/transaction";
import { Refused, type Refusal } from "../model/refusals";
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
      if (refusal.during === "hold-end") {
        return refuse(
          "failed-precondition",
          `This hold can't end right now: product "${refusal.productId}" can't take its units back until the shop fixes its catalog entry. The shop has been told; nothing is lost.`,
          { reason: refusal.reason, productId: refusal.productId },
        );
      }
      // What is wrong with the document is for the shop (it is logged), not for the buyer.
      return refuse(
        "failed-precondition",
        `Product "${refusal.productId}" can't be ordered right now: its catalog entry is incomplete. The shop has been told.`,
        { reason: refusal.reason, productId: refusal.productId },
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
    case "quantity-not-editable":
      return refuse(
        "failed-precondition",
        `Product "${refusal.productId}" exists, so saving it doesn't change its stock (${refusal.quantity} available). Leave the quantity out to edit its details; change stock with a restock or a stock-take (adjustStock, with a reason).`,
        { reason: refusal.reason, productId: refusal.productId, quantity: refusal.quantity },
      );
    case "count-below-promised": {
      const { productId, counted, committed, held } = refusal;
      const where = refusal.locationId ? ` at "${refusal.locationId}"` : "";
      return refuse(
        "failed-precondition",
        `You counted ${counted} of "${productId}"${where}, but ${committed + held} are promised and should still be on the shelf (${committed} for orders not shipped yet, ${held} on checkout holds). Count again, including them; if they really are missing, save the count with "accept shortfall".`,
        { reason: refusal.reason, productId, counted, committed, held, ...(refusal.locationId ? { locationId: refusal.locationId } : {}) },
      );
    }
    case "order-shipped":
      return refuse(
        "failed-precondition",
        refusal.unshipped === 0
          ? `Order "${refusal.orderId}" has shipped in full, so it can't be cancelled; return its items instead.`
          : `Part of order "${refusal.orderId}" has shipped (${refusal.shipped} units), so it can't be cancelled online. Contact the shop.`,
        { reason: refusal.reason, orderId: refusal.orderId, shipped: refusal.shipped, unshipped: refusal.unshipped },
      );
    case "order-not-fulfillable":
      return refuse(
        "failed-precondition",
        refusal.status === "cancelled" ? `Order "${refusal.orderId}" was cancelled; there is nothing to ship.` : `Order "${refusal.orderId}" has shipped in full already.`,
        refusal,
      );
    case "fulfil-too-many":
      return refuse(
        "failed-precondition",
        refusal.unshipped === 0
          ? `Order "${refusal.orderId}" has nothing of "${refusal.productId}" left to ship.`
          : `Only ${refusal.unshipped} of "${refusal.productId}" are left to ship on order "${refusal.orderId}"; you asked to ship ${refusal.requested}.`,
        refusal,
      );
    case "return-too-many":
      return refuse(
        "failed-precondition",
        refusal.returnable === 0
          ? `Nothing of "${refusal.productId}" on order "${refusal.orderId}" has shipped and not come back yet, so none can be returned.`
          : `Only ${refusal.returnable} of "${refusal.productId}" on order "${refusal.orderId}" shipped and have not come back yet; you asked to return ${refusal.requested}.`,
        refusal,
      );
    case "location-not-found":
      return refuse("not-found", `Location "${refusal.locationId}" does not exist. Create it first (Locations in the admin console).`, refusal);
    case "location-inactive":
      return refuse("failed-precondition", `Location "${refusal.locationId}" is inactive and takes no stock. Activate it first.`, refusal);
    case "location-short":
      return refuse(
        "failed-precondition",
        `Location "${refusal.locationId}" has only ${refusal.available} of "${refusal.productId}" that are not promised to orders or holds; you asked for ${refusal.requested}.`,
        refusal,
      );
    case "location-has-stock":
      return refuse(
        "failed-precondition",
        `Location "${refusal.locationId}" still has units of "${refusal.productId}" (on hand, committed or held). Ship or transfer them first, then deactivate it.`,
        refusal,
      );
    case "webhook-url-refused": {
      const why = {
        "not-https": "webhooks are sent over HTTPS only",
        "credentials-in-url": "it carries a user name or password; verify deliveries with the signing secret instead",
        "not-public": "it points at a loopback, private, link-local or metadata address, which webhooks never call",
        "invalid-url": "it is not an absolute URL such as https://example.com/hooks",
      }[refusal.problem];
      return refuse("invalid-argument", `The endpoint URL "${refusal.url}" can't be used: ${why}.`, refusal);
    }
    case "webhook-endpoint-not-found":
      return refuse("not-found", `Webhook endpoint "${refusal.endpointId}" does not exist (deleted?). Refresh the list.`, refusal);
    case "webhook-endpoint-limit":
      return refuse("resource-exhausted", `A shop can have at most ${refusal.max} webhook endpoints; delete one first (one endpoint can take many event types).`, refusal);
    case "webhook-event-not-found":
      return refuse("not-found", `Event "${refusal.eventId}" is not kept (events are kept for the retention period, WEBHOOK_RETENTION_DAYS).`, refusal);
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
    case "hold-limit": {
      const { scope, limit, canHold, productId, name } = refusal;
      const details: ErrorDetails = { reason: refusal.reason, scope, limit, canHold, ...(productId ? { productId } : {}) };
      if (scope === "buyer-holds") {
        return refuse("resource-exhausted", `You already have ${limit} active holds: complete or release one, then try again.`, details);
      }
      if (scope === "buyer-units") {
        return refuse("resource-exhausted", `You can hold at most ${limit} of "${name ?? productId}" at once; ${canHold === 0 ? "you hold that many already" : `you can hold ${canHold} more`}.`, details);
      }
      return refuse(
        "resource-exhausted",
        `"${name ?? productId}" is in high demand: ${canHold === 0 ? "no more of it" : `only ${canHold} more`} can be held for checkout right now. Order it directly while it is in stock.`,
        details,
      );
    }
    case "rate-limited":
      return refuse("resource-exhausted", `Too many requests in a short time. Try again in ${refusal.retryAfterSeconds} s.`, {
        reason: refusal.reason,
        retryAfterSeconds: refusal.retryAfterSeconds,
        limitPerMinute: refusal.limitPerMinute,
      });
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

const SERVER_ERROR = "A server error stopped this request; the shop has been told. Please retry in a moment (a retry with the same requestId never orders twice).";

// Whatever a callable's work threw, as the HttpsError its caller gets: a refusal with its
// reason, "busy" for races lost until the time budget ran out, and anything else logged in
// full and answered as a server error, never with a stack or a raw Firestore error.
export function edgeError(callable: string, error: unknown, context: Record<string, unknown> = {}): HttpsError {
  if (error instanceof HttpsError) return error;
  if (error instanceof Refused) return refusalToHttpsError(error.refusal);
  if (error instanceof ContentionExhausted || error instanceof GuardedCommitGaveUp) {
    logger.error(`${callable} gave up on lost races and transient Firestore errors`, { ...context, attempts: error instanceof ContentionExhausted ? error.attempts : undefined, error: error.cause });
    return busy();
  }
  logger.error(`${callable} failed unexpectedly`, { ...context, error });
  return refuse("internal", SERVER_ERROR, { reason: "server-error" });
}

// Runs a callable's work; every failure leaves it through edgeError, once.
export async function atEdge<T>(callable: string, work: () => Promise<T> | T, context: Record<string, unknown> = {}): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw edgeError(callable, error, context);
  }
}

// The only way callables build errors: `details` must match the contract apps are typed with.
export function refuse(code: FunctionsErrorCode, message: string, details: ErrorDetails): HttpsError {
  return new HttpsError(code, message, details);
}

export function signInRequired(message: string): HttpsError {
  return refuse("unauthenticated", message, { reason: "sign-in-required" });
}
