// Retrying Firestore work that lost a race. Orders are safe to retry because the order id is
// derived from the requestId, so retrying can't place an order twice; other transactions are
// retried under the same rule the SDK itself applies to them.
import { backOff } from "exponential-backoff";
import type { Transaction } from "firebase-admin/firestore";
import { systemClock, type Clock } from "../budget";
import { db } from "./db";
import { isRetryable } from "./errorCodes";

export class ContentionExhausted extends Error {
  constructor(
    readonly attempts: number,
    readonly cause: unknown,
  ) {
    super(`gave up after ${attempts} attempts`);
  }
}

// Runs `work` until it succeeds, fails for a non-retryable reason, or `deadline`
// (epoch ms, by `clock`) passes. Jittered backoff keeps retries from marching in lockstep.
export async function withContentionRetry<T>(work: () => Promise<T>, deadline: number, clock: Clock = systemClock): Promise<{ value: T; attempts: number }> {
  let attempts = 0;
  try {
    const value = await backOff(
      () => {
        attempts += 1;
        return work();
      },
      {
        numOfAttempts: Number.MAX_SAFE_INTEGER,
        startingDelay: 20,
        timeMultiple: 2,
        maxDelay: 1000,
        jitter: "full",
        retry: (error: unknown) => isRetryable(error) && clock() < deadline,
      },
    );
    return { value, attempts };
  } catch (error) {
    if (isRetryable(error)) throw new ContentionExhausted(attempts, error);
    throw error;
  }
}

// One Firestore transaction retried on lost races for up to `budgetMs`; a caller still
// losing then gets its own `gaveUp()` error rather than a raw gRPC error.
export async function inTransaction<T>(work: (tx: Transaction) => Promise<T>, options: { budgetMs?: number; gaveUp: () => Error; clock?: Clock }): Promise<T> {
  const clock = options.clock ?? systemClock;
  try {
    return (await withContentionRetry(() => db().runTransaction(work), clock() + (options.budgetMs ?? 30_000), clock)).value;
  } catch (error) {
    if (error instanceof ContentionExhausted) throw options.gaveUp();
    throw error;
  }
}
