// Per-buyer rate limit for placeOrder: a token bucket per user in `rateLimits/{uid}`,
// taken in a transaction so it holds across all instances. Only the buyer's own calls
// touch the document, so it never contends with other buyers.
import { HttpsError } from "firebase-functions/v2/https";
import { db } from "../firestore";
import { inTransaction } from "../orders/contentionRetry";

export const RATE_LIMITS = "rateLimits";

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

export async function enforceRateLimit(uid: string, perMinute: number): Promise<void> {
  if (perMinute <= 0) return;
  const ref = db().collection(RATE_LIMITS).doc(uid);
  const outcome = await inTransaction(async (tx) => {
    const snapshot = await tx.get(ref);
    const result = takeToken(snapshot.data() as Bucket | undefined, Date.now(), perMinute);
    if ("bucket" in result) tx.set(ref, result.bucket);
    return result;
  }, 10_000);
  if ("retryAfterSeconds" in outcome) {
    throw new HttpsError(
      "resource-exhausted",
      `Too many orders in a short time. Try again in ${outcome.retryAfterSeconds} s.`,
      { reason: "rate-limited", retryAfterSeconds: outcome.retryAfterSeconds, limitPerMinute: perMinute },
    );
  }
}
