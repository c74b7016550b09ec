// Refusals a buyer can act on. Each becomes an HttpsError with a code and details
// a program can branch on; anything else is reported as a generic failure.
import { HttpsError } from "firebase-functions/v2/https";

export function productNotFound(productId: string): HttpsError {
  return new HttpsError("not-found", `Product "${productId}" does not exist. Refresh the catalog and try again.`, {
    reason: "product-not-found",
    productId,
  });
}

export function insufficientStock(productId: string, name: string, requested: number, available: number): HttpsError {
  const what = available === 0 ? `"${name}" is sold out` : `Only ${available} of "${name}" left`;
  return new HttpsError("failed-precondition", `${what}; you asked for ${requested}.`, {
    reason: "insufficient-stock",
    productId,
    requested,
    available,
  });
}

export function perCustomerLimit(productId: string, name: string, limit: number, alreadyBought: number): HttpsError {
  const left = Math.max(0, limit - alreadyBought);
  return new HttpsError(
    "failed-precondition",
    `"${name}" is limited to ${limit} per customer; ${left === 0 ? "you have reached that limit" : `you can buy ${left} more`}.`,
    { reason: "per-customer-limit", productId, limit, alreadyBought, canBuy: left },
  );
}

export function productMisconfigured(productId: string, problem: string): HttpsError {
  return new HttpsError(
    "failed-precondition",
    `Product "${productId}" can't be ordered right now: its catalog entry is incomplete. The shop has been told.`,
    { reason: "product-misconfigured", productId, problem },
  );
}

export function mixedCurrencies(currencies: string[]): HttpsError {
  return new HttpsError(
    "failed-precondition",
    `These products are priced in different currencies (${currencies.join(", ")}); order them separately.`,
    { reason: "mixed-currencies", currencies },
  );
}

export function requestIdReused(requestId: string): HttpsError {
  return new HttpsError(
    "already-exists",
    `requestId "${requestId}" was already used for a different order. Generate a new requestId for a new order.`,
    { reason: "request-id-reused", requestId },
  );
}

export function busy(): HttpsError {
  return new HttpsError("unavailable", "The shop is too busy to take this order right now. Please retry in a moment.", {
    reason: "contention",
  });
}
