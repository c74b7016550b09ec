// The combining path's wait loop: queue the request on the hot product, then sleep until its
// outcome arrives, leading the queue whenever nobody does. Out of time, the request is taken
// back so it can never turn into an order after the buyer was told no.
import { randomUUID } from "node:crypto";
import { db } from "../firestore/db";
import { leaseRef, outcomeRef, requestRef } from "../firestore/paths";
import type { OrderRequest } from "./allocationPlan";
import { acquireLease } from "./allocatorLease";
import { drain, enqueue, withdraw, type Outcome } from "./orderQueue";
import { OutcomeWatch } from "./outcomeWatch";

export interface WaitOptions {
  maxAttempts: number;
  // Epoch ms by which the buyer must have an answer.
  deadline: number;
}

export interface Waited {
  outcome?: Outcome;
  led: boolean;
  // Until when the product stays hot after its last combined batch.
  coolUntil: number;
}

// A leader whose own order is decided keeps draining this long before handing off.
const HAND_OFF_AFTER_MS = 1000;
// Upper bound on one wait between checks, in case a listener event is missed.
const POLL_MS = 250;
// Listeners can lag under load; a waiter also tries the lease itself this often, so a
// released lease is never left untaken until it would have expired.
const LEASE_RETRY_MS = 1000;

export async function waitForOutcome(queueId: string, request: OrderRequest, options: WaitOptions): Promise<Waited> {
  const watch = new OutcomeWatch(outcomeRef(queueId, request.orderId), leaseRef(queueId));
  let led = false;
  const waited = (outcome?: Outcome): Waited => ({ outcome, led, coolUntil: watch.coolUntil() });
  try {
    const queuedAs = await enqueue(queueId, request);
    if (!queuedAs) {
      // An identical request (a concurrent replay) was decided between our try to queue and
      // our read of it. Its outcome stands for this one too: the order, or the refusal.
      const decided = await outcomeRef(queueId, request.orderId).get();
      return waited(decided.exists ? (decided.data() as Outcome) : undefined);
    }
    let attemptId: string = queuedAs;
    watch.expect(attemptId);
    const owner = randomUUID();
    let triedAt = 0;
    while (Date.now() < options.deadline) {
      const outcome = watch.outcomeFor(attemptId);
      if (outcome) return waited(outcome);
      if (watch.leaseFree() || Date.now() - triedAt >= LEASE_RETRY_MS) {
        triedAt = Date.now();
        const lease = await acquireLease(queueId, owner);
        if (lease) {
          led = true;
          await drain(queueId, lease, {
            maxAttempts: options.maxAttempts,
            deadline: options.deadline,
            handOffAt: Date.now() + HAND_OFF_AFTER_MS,
            done: () => watch.outcomeFor(attemptId) !== undefined,
          });
          // We drained the queue, yet no outcome for our attempt: if our request is no longer
          // queued, it was decided under another attempt id (a concurrent replay) and the
          // decision for this order id stands; read it rather than wait for one that won't come.
          if (!watch.outcomeFor(attemptId)) {
            const [queued, decided] = await db().getAll(requestRef(queueId, request.orderId), outcomeRef(queueId, request.orderId));
            if (!queued?.exists && decided?.exists) return waited(decided.data() as Outcome);
            if (!queued?.exists) {
              const requeued = await enqueue(queueId, request);
              if (requeued) {
                attemptId = requeued;
                watch.expect(attemptId);
              }
            }
          }
          continue;
        }
      }
      await watch.next(POLL_MS);
    }
    // Out of time: take the request back so it can't turn into an order after we said no.
    if (await withdraw(queueId, request)) return waited();
    // Too late to withdraw: a batch decided it; its outcome is on its way.
    const until = Date.now() + 5000;
    while (!watch.outcomeFor(attemptId) && Date.now() < until) await watch.next(POLL_MS);
    return waited(watch.outcomeFor(attemptId));
  } finally {
    watch.close();
  }
}
