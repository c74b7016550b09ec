import { HttpsError, type CallableRequest } from "firebase-functions/v2/https";

// Admins carry the custom claim `admin: true` (grant it with the Admin SDK).
export function requireAdmin(request: CallableRequest): string {
  if (!request.auth) throw new HttpsError("unauthenticated", "Sign in with an admin account.");
  if (request.auth.token.admin !== true) {
    throw new HttpsError("permission-denied", "This operation is for shop admins only.", { reason: "admin-required" });
  }
  return request.auth.uid;
}
