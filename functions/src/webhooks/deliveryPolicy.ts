// What one webhook delivery attempt's result means (pure): delivered; worth another try later
// (the endpoint is down, slow, rate-limiting or briefly failing); or final (the receiver refused
// the event itself, or the address is not one we may call). Cloud Tasks spaces the retries; this
// decides whether there is one, and when an endpoint that keeps failing is paused.

export type AttemptResult =
  | { kind: "response"; status: number }
  | { kind: "timeout" }
  | { kind: "network"; code?: string }
  // The address resolved to a loopback, private, link-local or metadata address (checked on the
  // connection itself), or the URL is not allowed: calling it again changes nothing.
  | { kind: "refused-address"; address?: string };

export type AttemptOutcome = { kind: "delivered" } | { kind: "retry"; reason: string } | { kind: "failed"; reason: string };

export function outcomeOf(result: AttemptResult): AttemptOutcome {
  switch (result.kind) {
    case "timeout":
      return { kind: "retry", reason: "no answer within the timeout" };
    case "network":
      return { kind: "retry", reason: `network error${result.code ? ` (${result.code})` : ""}` };
    case "refused-address":
      return { kind: "failed", reason: `refused address${result.address ? ` ${result.address}` : ""}: not a public address` };
    case "response": {
      const { status } = result;
      if (status >= 200 && status < 300) return { kind: "delivered" };
      // Redirects are not followed (the target could be anywhere): the endpoint must answer itself.
      if (status >= 300 && status < 400) return { kind: "retry", reason: `HTTP ${status}: redirects are not followed; point the endpoint at the final URL` };
      // Timeouts and rate limits are the receiver asking for later; other 4xx refuse the event.
      if (status === 408 || status === 429) return { kind: "retry", reason: `HTTP ${status}` };
      if (status >= 400 && status < 500) return { kind: "failed", reason: `HTTP ${status}: the receiver refused the event` };
      return { kind: "retry", reason: `HTTP ${status}` };
    }
  }
}

// An endpoint failing without a success since `failingSinceMs` for at least `pauseAfterMs` is
// paused (its events are kept and delivered when it is resumed).
export function shouldPause(failingSinceMs: number | undefined, nowMs: number, pauseAfterMs: number): boolean {
  return failingSinceMs !== undefined && nowMs - failingSinceMs >= pauseAfterMs;
}
