// The edge: each domain refusal becomes the HttpsError a shop's app gets, with a message a
// person can act on and `details` a program can branch on (the README's error table).
import { HttpsError } from "firebase-functions/v2/https";
import type { Refusal } from "../stock/refusals";

export function refusalToHttpsError(refusal: Refusal): HttpsError {
  switch (refusal.reason) {
    case "product-not-found":
      return new HttpsError("not-found", `Product "${refusal.productId}" does not exist. Refresh the catalog and try again.`, {
        reason: refusal.reason,
        productId: refusal.productId,
      });
    case "product-misconfigured":
      return new HttpsError(
        "failed-precondition",
        `Product "${refusal.productId}" can't be ordered right now: its catalog entry is incomplete. The shop has been told.`,
        { reason: refusal.reason, productId: refusal.productId, problem: refusal.problem },
      );
    case "insufficient-stock": {
      const { productId, name, requested, available } = refusal;
      const what = available === 0 ? `"${name}" is sold out` : `Only ${available} of "${name}" left`;
      return new HttpsError("failed-precondition", `${what}; you asked for ${requested}.`, { reason: refusal.reason, productId, requested, available });
    }
    case "per-customer-limit": {
      const { productId, name, limit, alreadyBought, canBuy } = refusal;
      return new HttpsError(
        "failed-precondition",
        `"${name}" is limited to ${limit} per customer; ${canBuy === 0 ? "you have reached that limit" : `you can buy ${canBuy} more`}.`,
        { reason: refusal.reason, productId, limit, alreadyBought, canBuy },
      );
    }
    case "mixed-currencies":
      return new HttpsError(
        "failed-precondition",
        `These products are priced in different currencies (${refusal.currencies.join(", ")}); order them separately.`,
        { reason: refusal.reason, currencies: refusal.currencies },
      );
    case "request-id-reused":
      return new HttpsError(
        "already-exists",
        `requestId "${refusal.requestId}" was already used for a different order. Generate a new requestId for a new order.`,
        { reason: refusal.reason, requestId: refusal.requestId },
      );
    case "contention":
      return busy();
  }
}

export function busy(): HttpsError {
  return new HttpsError("unavailable", "The shop is too busy to take this order right now. Please retry in a moment.", {
    reason: "contention",
  });
}
