// What every buyer-facing callable checks before any database work, in this order: the
// request's size, App Check (when the shop requires it), a signed-in caller, an email address
// to write to, and (when the shop requires it) a verified one.
import type { CallableRequest } from "firebase-functions/v2/https";
import { requireAppCheck, requireVerifiedEmail } from "../config";
import { localeSchema } from "../model/localeSchema";
import type { Buyer } from "../orders/createOrder";
import { refuse, signInRequired } from "./httpsErrors";
import { checkAppCheck, checkRequestSize, checkVerifiedEmail } from "./requestGuards";

export function buyerFrom(request: CallableRequest, signInMessage: string): Buyer {
  if (!request.auth) throw signInRequired(signInMessage);
  const email = request.auth.token.email;
  if (typeof email !== "string" || email === "") {
    throw refuse(
      "failed-precondition",
      "Your account has no email address, and the shop writes to you by email. Add an email address to your account and try again.",
      { reason: "email-required" },
    );
  }
  const locale = localeSchema.safeParse(request.auth.token.locale);
  return { uid: request.auth.uid, email, ...(locale.success ? { locale: locale.data } : {}) };
}

// Orders and holds: a buyer the shop can email.
export function openBuyerCall(request: CallableRequest, signInMessage: string): Buyer {
  checkRequestSize(request);
  checkAppCheck(request, requireAppCheck.value());
  const buyer = buyerFrom(request, signInMessage);
  checkVerifiedEmail(request, requireVerifiedEmail.value());
  return buyer;
}

// Calls about something the caller already has (an order, a hold): signed in, and for
// `verifiedEmail` calls that make the shop write to the buyer, a verified address unless an admin.
export function openSignedInCall(request: CallableRequest, signInMessage: string, options: { verifiedEmail: boolean }): { uid: string; admin: boolean } {
  checkRequestSize(request);
  checkAppCheck(request, requireAppCheck.value());
  if (!request.auth) throw signInRequired(signInMessage);
  const admin = request.auth.token.admin === true;
  if (options.verifiedEmail && !admin) checkVerifiedEmail(request, requireVerifiedEmail.value());
  return { uid: request.auth.uid, admin };
}
