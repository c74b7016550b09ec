// When and how a call is retried. Only failures where the outcome is unknown are retried (the
// server was busy, failed, timed out, or the answer was lost on the network), and only for
// calls that are safe to repeat: placeOrder with its requestId, cancelOrder. A refusal is an
// answer, never retried.
import { backOff } from "exponential-backoff";
import { toShopError, type ShopError, type ShopErrorCode } from "./errors";

export interface RetryPolicy {
  // Calls in all, the first included.
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  // No new attempt starts after this long since the first one.
  totalTimeMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, initialDelayMs: 300, maxDelayMs: 5_000, totalTimeMs: 60_000 };

// The web SDK reports a failed fetch (connection reset, offline, CORS) as "internal".
const UNKNOWN_OUTCOME: ReadonlySet<ShopErrorCode> = new Set(["unavailable", "internal", "deadline-exceeded", "unknown"]);

export function isRetryable(error: ShopError): boolean {
  if (!UNKNOWN_OUTCOME.has(error.code)) return false;
  // A server-side refusal that happens to use one of these codes, other than "busy", is an answer.
  return error.details === undefined || error.details.reason === "contention" || error.details.reason === "server-error";
}

// Runs `call` until it succeeds, fails with an answer, or the policy is spent. Exponential
// backoff with full jitter, so a crowd of retrying buyers spreads out. Throws a ShopError.
export async function withRetries<T>(call: (attempt: number) => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY, onRetry?: (error: ShopError, nextAttempt: number) => void): Promise<T> {
  const started = Date.now();
  let attempt = 0;
  try {
    return await backOff(
      () => {
        attempt += 1;
        return call(attempt);
      },
      {
        numOfAttempts: policy.maxAttempts,
        startingDelay: policy.initialDelayMs,
        maxDelay: policy.maxDelayMs,
        timeMultiple: 2,
        jitter: "full",
        retry: (error: unknown) => {
          const shopError = toShopError(error, attempt);
          if (!isRetryable(shopError) || Date.now() - started >= policy.totalTimeMs) return false;
          onRetry?.(shopError, attempt + 1);
          return true;
        },
      },
    );
  } catch (error) {
    throw toShopError(error, attempt);
  }
}
