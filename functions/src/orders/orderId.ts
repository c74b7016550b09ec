import { createHash } from "node:crypto";

// Same buyer + same requestId => same order document, which is what makes replays idempotent
// without a separate lookup collection. Two buyers can't collide on each other's ids.
export function orderIdFor(uid: string, requestId: string): string {
  return createHash("sha256").update(uid).update("\u0000").update(requestId).digest("hex").slice(0, 32);
}
