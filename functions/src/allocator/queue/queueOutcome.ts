// What a queue batch leaves for the waiting buyer: the verdict on its queued attempt, and which
// request it was (requestKey), so a different request under the same id never takes it. Its own
// module: the queue writes it and the outcome watch reads it, neither through the other.
import type { Verdict } from "../allocationPlan";

export type Outcome = Verdict & { attemptId: string; requestKey?: string };
