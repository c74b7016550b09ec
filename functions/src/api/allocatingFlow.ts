// The step every call that allocates stock (an order, a hold, an order from a hold) takes after
// its opening: the flow runs with the call's budget, the Firestore attempts and the buyer's rate
// limit, and a transient Firestore fault anywhere in it restarts it (the flows are idempotent:
// their ids come from the requestId), logged when it happens.
import * as logger from "firebase-functions/logger";
import type { CallBudget } from "../budget";
import { orderRateLimitPerMinute, transactionMaxAttempts } from "../config";
import { withContentionRetry } from "../firestore/transaction";

export interface AllocatingOptions {
  maxAttempts: number;
  budget: CallBudget;
  rateLimitPerMinute: number;
}

export async function runAllocatingFlow<T>(
  callable: string,
  budget: CallBudget,
  context: { uid: string; requestId: string },
  flow: (options: AllocatingOptions) => Promise<T>,
): Promise<T> {
  // The rate limit's token is taken in the flow's own read and commit.
  const options = { maxAttempts: transactionMaxAttempts.value(), budget, rateLimitPerMinute: orderRateLimitPerMinute.value() };
  const { value, attempts } = await withContentionRetry(() => flow(options), budget.decideBy, budget.clock);
  if (attempts > 1) logger.warn(`${callable} recovered from a transient Firestore error`, { ...context, attempts });
  return value;
}
