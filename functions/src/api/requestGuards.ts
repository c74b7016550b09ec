// Checks a callable request must pass before any database work: size, App Check and a
// verified email, each a param so a shop turns them on when its apps are ready.
import type { CallableRequest } from "firebase-functions/v2/https";
import { refuse } from "./httpsErrors";

// A maximal valid order (20 lines of 128-character ids, a 128-character requestId) is
// about 4 KB of JSON; anything far beyond is not an order.
export const MAX_REQUEST_BYTES = 16 * 1024;

export function checkRequestSize(request: CallableRequest): void {
  const raw = request.rawRequest as { rawBody?: Buffer; headers?: Record<string, unknown> } | undefined;
  const declared = Number(raw?.headers?.["content-length"] ?? 0);
  const size = Math.max(raw?.rawBody?.length ?? 0, Number.isFinite(declared) ? declared : 0);
  if (size > MAX_REQUEST_BYTES) {
    throw refuse("invalid-argument", `The request is too large (${size} bytes; at most ${MAX_REQUEST_BYTES}).`, {
      reason: "request-too-large",
      size,
      maxBytes: MAX_REQUEST_BYTES,
    });
  }
}

export function checkAppCheck(request: CallableRequest, required: boolean): void {
  if (required && !request.app) {
    throw refuse("unauthenticated", "This app could not be verified (App Check). Update the app, or contact the shop.", {
      reason: "app-check-required",
    });
  }
}

// An order or hold without a shipping address, when the shop ships every order.
export function checkShippingAddress(request: { shippingAddress?: unknown }, required: boolean): void {
  if (required && request.shippingAddress === undefined) {
    throw refuse("invalid-argument", "Add a shipping address (shippingAddress: name, lines, city, postal code, country): this shop ships every order.", {
      reason: "shipping-address-required",
    });
  }
}

export function checkVerifiedEmail(request: CallableRequest, required: boolean): void {
  if (required && request.auth?.token.email_verified !== true) {
    throw refuse("failed-precondition", "Verify your email address first: open the link we sent to it, then sign in again.", {
      reason: "email-not-verified",
    });
  }
}
