// Lets a waiting buyer sleep until something relevant changes: its outcome appears, or
// the product's lease is released or expires (then it may lead the queue itself).
// A batch decided in this instance hands its outcomes over in memory (deliverLocally), so
// the leader's own buyer and any others waiting in the same instance need no listener event.
import type { DocumentReference, DocumentSnapshot } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { isExpired, type LeaseData } from "./allocatorLease";
import type { Outcome } from "./queueOutcome";

const localWatches = new Map<string, OutcomeWatch>();

export function deliverLocally(attemptId: string, outcome: Outcome): void {
  localWatches.get(attemptId)?.receive(outcome);
}

export class OutcomeWatch {
  private latest: Outcome | undefined;
  private lease: LeaseData | undefined;
  private leaseSeen = false;
  private leaseRead: DocumentSnapshot | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private readonly unsubscribe: (() => void)[];
  private attemptId: string | undefined;

  constructor(outcomeRef: DocumentReference, leaseRef: DocumentReference) {
    this.unsubscribe = [
      outcomeRef.onSnapshot(
        (snapshot) => {
          const data = snapshot.data() as Outcome | undefined;
          // Keep an in-memory outcome when the listener's first snapshot arrives late.
          if (data || !this.latest) this.latest = data;
          this.wake();
        },
        (error) => {
          logger.warn("Outcome listener failed; falling back to polling", { error: error.message });
        },
      ),
      leaseRef.onSnapshot(
        (snapshot) => {
          this.lease = snapshot.data();
          this.leaseSeen = true;
          this.leaseRead = snapshot;
          this.wake();
        },
        (error) => {
          logger.warn("Lease listener failed; falling back to polling", { error: error.message });
        },
      ),
    ];
  }

  // Registers for in-memory hand-off of this attempt's outcome.
  expect(attemptId: string): void {
    this.attemptId = attemptId;
    localWatches.set(attemptId, this);
  }

  receive(outcome: Outcome): void {
    this.latest = outcome;
    this.wake();
  }

  // The order id's outcome as last seen (of whichever attempt: the protocol tells whose).
  outcome(): Outcome | undefined {
    return this.latest;
  }

  // The lease as the listener last saw it (to take it over without reading it again).
  leaseSnapshot(): DocumentSnapshot | undefined {
    return this.leaseRead;
  }

  // True when no live lease is known: worth trying to take it.
  leaseFree(): boolean {
    return !this.leaseSeen || isExpired(this.lease);
  }

  // The lease as the listener last saw it.
  leaseData(): LeaseData | undefined {
    return this.lease;
  }

  private wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  // Resolves on the next change, or after `ms` at the latest.
  async next(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wakeUp = undefined;
    this.woken = false;
  }

  close(): void {
    if (this.attemptId) localWatches.delete(this.attemptId);
    for (const stop of this.unsubscribe) stop();
  }
}
