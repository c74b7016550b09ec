// The per-buyer rate limit for calls that take it in a transaction of their own (cancelOrder).
// Orders and holds take their token inside the allocation's own read and commit (allocator/).
// The bucket is rateLimits/{uid}: only the buyer's own calls touch it, so it never contends
// with other buyers. Its wait draws on the call's budget.
import { remainingMs, SHORT_WAIT_MS, type CallBudget } from "../budget";
import { rateLimitRef } from "../firestore/paths";
import { inTransaction } from "../firestore/transaction";
import { readBucket, takeToken } from "../model/tokenBucket";
import { Refused } from "../model/refusals";

export { takeToken };

export async function enforceRateLimit(uid: string, perMinute: number, budget: CallBudget): Promise<void> {
  if (perMinute <= 0) return;
  const ref = rateLimitRef(uid);
  const outcome = await inTransaction(async (tx) => {
    const snapshot = await tx.get(ref);
    const result = takeToken(readBucket(snapshot.data()), Date.now(), perMinute);
    if ("bucket" in result) tx.set(ref, result.bucket);
    return result;
  }, { budgetMs: Math.min(SHORT_WAIT_MS, remainingMs(budget)), gaveUp: () => new Refused({ reason: "contention" }), clock: budget.clock });
  if ("retryAfterSeconds" in outcome) throw new Refused({ reason: "rate-limited", retryAfterSeconds: outcome.retryAfterSeconds, limitPerMinute: perMinute });
}
