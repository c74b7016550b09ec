// The per-buyer rate limit's token bucket (rateLimits/{uid}), pure: a burst of `perMinute`
// calls, refilled evenly. Read and written in the same commit as the work it limits.
export interface Bucket {
  tokens: number;
  // Epoch ms of the last refill.
  at: number;
}

// Refills `perMinute` tokens a minute up to a burst of `perMinute`, then takes one.
export function takeToken(bucket: Bucket | undefined, now: number, perMinute: number): { bucket: Bucket } | { retryAfterSeconds: number } {
  const ratePerMs = perMinute / 60_000;
  const tokens = bucket ? Math.min(perMinute, bucket.tokens + Math.max(0, now - bucket.at) * ratePerMs) : perMinute;
  if (tokens < 1) return { retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / ratePerMs / 1000)) };
  return { bucket: { tokens: tokens - 1, at: now } };
}

// A bucket as stored: anything else (a hand-edited document) counts as a full one.
export function readBucket(data: unknown): Bucket | undefined {
  const bucket = data as Partial<Bucket> | undefined;
  return typeof bucket?.tokens === "number" && typeof bucket.at === "number" ? { tokens: bucket.tokens, at: bucket.at } : undefined;
}
