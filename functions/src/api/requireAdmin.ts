import type { CallableRequest } from "firebase-functions/v2/https";
import { refuse, signInRequired } from "./httpsErrors";

// Admins carry the custom claim `admin: true` (grant it with the Admin SDK).
export function requireAdmin(request: CallableRequest): string {
  if (!request.auth) throw signInRequired("Sign in with an admin account.");
  if (request.auth.token.admin !== true) {
    throw refuse("permission-denied", "This operation is for shop admins only.", { reason: "admin-required" });
  }
  return request.auth.uid;
}
