// Per-buyer rate limit for placeOrder, holdStock and cancelOrder (one bucket for all three): a
// token bucket per user in `rateLimits/{uid}`, taken in a transaction so it holds across all
// instances. Only the buyer's own calls touch the document, so it never contends with other
// buyers. Its wait draws on the call's budget.
import type { HttpsError } from "firebase-functions/v2/https";
import { remainingMs, SHORT_WAIT_MS, type CallBudget } from "../budget";
import { refuse } from "./httpsErrors";
import { rateLimitRef } from "../firestore/paths";
import { inTransaction } from "../firestore/transaction";

export interface Bucket {
  tokens: number;
  // Epoch ms of the last refill.
  at: number;
}

// Pure: refills `perMinute` tokens a minute up to a burst of `perMinute`, then takes one.
export function takeToken(bucket: Bucket | undefined, now: number, perMinute: number): { bucket: Bucket } | { retryAfterSeconds: number } {
  const ratePerMs = perMinute / 60_000;
  const tokens = bucket ? Math.min(perMinute, bucket.tokens + Math.max(0, now - bucket.at) * ratePerMs) : perMinute;
  if (tokens < 1) return { retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / ratePerMs / 1000)) };
  return { bucket: { tokens: tokens - 1, at: now } };
}

function rateLimitBusy(): HttpsError {
  return refuse("unavailable", "Too many of your requests are arriving at once. Please retry in a moment.", { reason: "contention" });
}

export async function enforceRateLimit(uid: string, perMinute: number, budget: CallBudget): Promise<void> {
  if (perMinute <= 0) return;
  const ref = rateLimitRef(uid);
  const outcome = await inTransaction(async (tx) => {
    const snapshot = await tx.get(ref);
    const result = takeToken(snapshot.data() as Bucket | undefined, Date.now(), perMinute);
    if ("bucket" in result) tx.set(ref, result.bucket);
    return result;
  }, { budgetMs: Math.min(SHORT_WAIT_MS, remainingMs(budget)), gaveUp: rateLimitBusy, clock: budget.clock });
  if ("retryAfterSeconds" in outcome) {
    throw refuse(
      "resource-exhausted",
      `Too many requests in a short time. Try again in ${outcome.retryAfterSeconds} s.`,
      { reason: "rate-limited", retryAfterSeconds: outcome.retryAfterSeconds, limitPerMinute: perMinute },
    );
  }
}
