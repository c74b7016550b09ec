// The step after the allocator, shared by every flow that allocates (an order, a hold, an order
// from a hold): a call the allocator left without a verdict (a concurrent identical request
// decided it, or the request was taken back at the deadline) answers with what is stored under
// its id, else `contention`; a verdict comes back with what to log beside it.
import * as logger from "firebase-functions/logger";
import { allocate, type AllocateOptions, type AllocationRequest, type Verdict } from "../allocator/allocate";
import { Refused } from "../model/refusals";

export type Decided<T> =
  | { verdict: Verdict; log: Record<string, unknown> }
  // Decided by a concurrent identical request: what it stored.
  | { stored: T };

export async function decide<T>(
  request: AllocationRequest,
  options: AllocateOptions,
  what: string,
  context: Record<string, unknown>,
  storedAnswer: () => Promise<T | undefined>,
): Promise<Decided<T>> {
  const started = Date.now();
  const { path, verdict, led } = await allocate(request, options);
  const log = { ...context, path, led, latencyMs: Date.now() - started };
  if (verdict) return { verdict, log };
  const stored = await storedAnswer();
  if (stored) return { stored };
  logger.warn(`${what} not placed: no decision before the deadline`, log);
  throw new Refused({ reason: "contention" });
}
