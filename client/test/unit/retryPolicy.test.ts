import { expect } from "chai";
import { isRetryable, ShopError, toShopError, withRetries, type RetryPolicy } from "../../src/index";

const fast: RetryPolicy = { maxAttempts: 5, initialDelayMs: 1, maxDelayMs: 5, totalTimeMs: 10_000 };

// What the web SDK throws: a FunctionsError-like object with a prefixed code.
function functionsError(code: string, details?: unknown): Error {
  return Object.assign(new Error(code), { code: `functions/${code}`, details });
}

describe("retry policy", function () {
  it("retries unknown outcomes with the same request until one answers", async function () {
    const seen: string[] = [];
    const failures = [functionsError("unavailable", { reason: "contention" }), functionsError("internal"), functionsError("deadline-exceeded")];
    const result = await withRetries((attempt) => {
      seen.push(`attempt ${attempt}`);
      const failure = failures.shift();
      return failure ? Promise.reject(failure) : Promise.resolve("order-1");
    }, fast);
    expect(result).to.equal("order-1");
    expect(seen).to.deep.equal(["attempt 1", "attempt 2", "attempt 3", "attempt 4"]);
  });

  it("never retries a refusal, and types its details", async function () {
    let calls = 0;
    const error = await withRetries(() => {
      calls += 1;
      return Promise.reject(functionsError("failed-precondition", { reason: "insufficient-stock", productId: "mug", requested: 3, available: 1 }));
    }, fast).catch((e: unknown) => e as ShopError);
    expect(calls).to.equal(1);
    expect(error).to.be.instanceOf(ShopError);
    expect(error.code).to.equal("failed-precondition");
    expect(error.is("insufficient-stock") && error.details.available).to.equal(1);
    expect(error.attempts).to.equal(1);
  });

  it("does not retry a rate limit (the app shows when to retry) nor a server answer on a retryable code", function () {
    expect(isRetryable(toShopError(functionsError("resource-exhausted", { reason: "rate-limited", retryAfterSeconds: 7, limitPerMinute: 10 })))).to.equal(false);
    expect(isRetryable(toShopError(functionsError("unavailable", { reason: "smtp-unavailable", orderId: "o" })))).to.equal(false);
    expect(isRetryable(toShopError(functionsError("internal", { reason: "server-error" })))).to.equal(true);
    expect(isRetryable(toShopError(new TypeError("Failed to fetch")))).to.equal(true);
  });

  it("stops after maxAttempts and reports how many calls it made", async function () {
    let calls = 0;
    const error = await withRetries(() => {
      calls += 1;
      return Promise.reject(functionsError("unavailable"));
    }, { ...fast, maxAttempts: 3 }).catch((e: unknown) => e as ShopError);
    expect(calls).to.equal(3);
    expect([error.code, error.attempts]).to.deep.equal(["unavailable", 3]);
  });

  it("starts no attempt after the time budget", async function () {
    let calls = 0;
    const started = Date.now();
    await withRetries(async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 30));
      throw functionsError("internal");
    }, { maxAttempts: 100, initialDelayMs: 1, maxDelayMs: 1, totalTimeMs: 100 }).catch(() => undefined);
    expect(calls).to.be.within(2, 5);
    expect(Date.now() - started).to.be.below(1_000);
  });

  it("backs off exponentially with jitter, capped", async function () {
    const gaps: number[] = [];
    let last = Date.now();
    await withRetries(() => {
      const now = Date.now();
      gaps.push(now - last);
      last = now;
      return Promise.reject(functionsError("unavailable"));
    }, { maxAttempts: 6, initialDelayMs: 20, maxDelayMs: 40, totalTimeMs: 10_000 }).catch(() => undefined);
    // Full jitter: each wait is random in [0, min(cap, 20 * 2^n)], so never above the cap (+ timer slack).
    expect(gaps.slice(1).every((gap) => gap <= 40 + 25)).to.equal(true);
    expect(gaps).to.have.length(6);
  });
});

describe("retry notifications", function () {
  it("tells which attempt comes next and why", async function () {
    const told: string[] = [];
    let calls = 0;
    await withRetries(
      () => (++calls < 3 ? Promise.reject(functionsError("unavailable", { reason: "contention" })) : Promise.resolve("ok")),
      fast,
      (error, next) => told.push(`${next} ${error.code}`),
    );
    expect(told).to.deep.equal(["2 unavailable", "3 unavailable"]);
  });
});
