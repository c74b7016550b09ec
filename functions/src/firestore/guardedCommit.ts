// Read, decide, commit without locks: the writes go into one atomic batch, each update
// conditional on the document's update time as read and each new document created only if it
// doesn't exist. A concurrent writer makes the commit fail at once (FAILED_PRECONDITION or
// ALREADY_EXISTS) instead of waiting on a lock; the whole read-decide-commit then runs again.
// As safe as a transaction for the documents it reads and writes, and it doesn't queue behind
// the Firestore emulator's lock timeouts (seconds) when many writers meet on one document.
import { backOff } from "exponential-backoff";
import type { DocumentData, DocumentReference, DocumentSnapshot, WriteBatch } from "firebase-admin/firestore";
import { db } from "./db";
import { GrpcCode, grpcCode, isRetryable } from "./errorCodes";

export interface GuardedWriter {
  create(ref: DocumentReference, data: DocumentData): unknown;
  set(ref: DocumentReference, data: DocumentData): unknown;
  update(ref: DocumentReference, data: DocumentData): unknown;
}

// Writes into `batch`, each conditional on the document being as it was read: an update only
// if its update time is unchanged, a set as a create when it didn't exist.
export function guardedWriter(batch: WriteBatch, read: DocumentSnapshot[]): GuardedWriter {
  const seen = new Map(read.map((snapshot) => [snapshot.ref.path, snapshot]));
  const guarded = (ref: DocumentReference, data: DocumentData) => {
    const snapshot = seen.get(ref.path);
    if (!snapshot) throw new Error(`${ref.path} was written without being read`);
    if (snapshot.exists && snapshot.updateTime) batch.update(ref, data, { lastUpdateTime: snapshot.updateTime });
    else batch.create(ref, data);
  };
  return { create: (ref, data) => batch.create(ref, data), set: guarded, update: guarded };
}

export function lostRace(error: unknown): boolean {
  const code = grpcCode(error);
  return code === GrpcCode.FAILED_PRECONDITION || code === GrpcCode.ALREADY_EXISTS || isRetryable(error);
}

export class GuardedCommitGaveUp extends Error {}

// Runs `decide` on a fresh read until its guarded commit lands (or it writes nothing), with
// jittered backoff between lost races, for at most `budgetMs`.
export async function withGuardedCommit<T>(
  reads: () => Promise<DocumentSnapshot[]>,
  decide: (snapshots: DocumentSnapshot[], writer: GuardedWriter) => Promise<T> | T,
  options: { budgetMs: number },
): Promise<T> {
  const deadline = Date.now() + options.budgetMs;
  try {
    return await backOff(
      async () => {
        const snapshots = await reads();
        const batch = db().batch();
        const result = await decide(snapshots, guardedWriter(batch, snapshots));
        await batch.commit();
        return result;
      },
      {
        numOfAttempts: 1000,
        startingDelay: 20,
        maxDelay: 500,
        jitter: "full",
        retry: (error: unknown) => lostRace(error) && Date.now() < deadline,
      },
    );
  } catch (error) {
    if (lostRace(error)) throw new GuardedCommitGaveUp("lost every race until the time budget ran out", { cause: error });
    throw error;
  }
}
