// Lets a waiting buyer sleep until something relevant changes: its outcome appears, or
// the product's lease is released or expires (then it may lead the queue itself).
import type { DocumentReference, Timestamp } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { isExpired } from "./allocatorLease";
import type { Outcome } from "./orderQueue";

export class OutcomeWatch {
  private latest: (Outcome & { attemptId?: string }) | undefined;
  private lease: { expiresAt?: Timestamp } | undefined;
  private leaseSeen = false;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private readonly unsubscribe: (() => void)[];

  constructor(outcomeRef: DocumentReference, leaseRef: DocumentReference) {
    this.unsubscribe = [
      outcomeRef.onSnapshot(
        (snapshot) => {
          this.latest = snapshot.data() as (Outcome & { attemptId?: string }) | undefined;
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
          this.wake();
        },
        (error) => {
          logger.warn("Lease listener failed; falling back to polling", { error: error.message });
        },
      ),
    ];
  }

  // The outcome of one queued attempt: an older attempt's outcome (a refused requestId
  // being retried) must never answer a newer one.
  outcomeFor(attemptId: string): Outcome | undefined {
    return this.latest?.attemptId === attemptId ? this.latest : undefined;
  }

  // True when no live lease is known: worth trying to take it.
  leaseFree(): boolean {
    return !this.leaseSeen || isExpired(this.lease);
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
    for (const stop of this.unsubscribe) stop();
  }
}
