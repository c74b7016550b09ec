import { createHash } from "node:crypto";

// A transfer's id: one per product and requestId, so a retried transfer finds itself.
export function transferIdFor(productId: string, requestId: string): string {
  return createHash("sha256").update(productId).update("\u0000transfer\u0000").update(requestId).digest("hex").slice(0, 24);
}
