// What a person reads when the shop says no, from the typed refusal (`details.reason`).
import type { ShopError } from "@firebase-inventory/client";

export function describe(error: ShopError, nameOf: (productId: string) => string = (id) => id): string {
  const d = error.details;
  switch (d?.reason) {
    case "insufficient-stock":
      return d.available === 0
        ? `${nameOf(d.productId)} is sold out. Nothing was ordered.`
        : `Only ${d.available} left of ${nameOf(d.productId)} (you asked for ${d.requested}). Nothing was ordered.`;
    case "per-customer-limit":
      return d.canBuy === 0
        ? `${nameOf(d.productId)} is limited to ${d.limit} per customer, and you have reached that limit.`
        : `${nameOf(d.productId)} is limited to ${d.limit} per customer: you can buy ${d.canBuy} more.`;
    case "rate-limited":
      return `Too many requests: retry in ${d.retryAfterSeconds} s.`;
    case "product-not-found":
      return `${nameOf(d.productId)} is no longer in the catalog. Remove it from your cart.`;
    case "invalid-request":
      return `Please check your input: ${d.issues.map((issue) => issue.message).join("; ")}.`;
    case "sign-in-required":
      return "Please sign in first.";
    case "email-not-verified":
      return "Verify your email address first: open the link we sent you, then press “I've opened the link”.";
    case "admin-required":
      return "Not authorized: this needs a shop admin account.";
    case "contention":
    case "server-error":
      return "The shop is very busy and could not answer. Try again: your order will never be placed twice.";
    default:
      // The backend's own message is written for people (mixed currencies, email required, ...).
      if (error.code === "internal" || error.code === "unknown" || error.code === "deadline-exceeded") {
        return "We could not reach the shop. Check your connection and try again: your order will never be placed twice.";
      }
      return error.message;
  }
}
