// Listeners on the products this instance's lanes keep committing. After its own commit, a lane
// takes the product as the listener brings it back instead of reading it again. After a lost
// commit (another instance just wrote the product), instead of sleeping and reading everything
// again (two round trips and a guess), the lane waits for the listener to bring the product as
// that commit left it, usually already there when the loss is reported, and commits again at
// once (one round trip). A listener stays open while its product keeps being used, and a while
// after.
import type { DocumentSnapshot } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { LISTENER_LINGER_MS } from "../timing";

interface Watch {
  latest?: DocumentSnapshot;
  waiters: Set<() => void>;
  stop: () => void;
  idle?: NodeJS.Timeout;
}

const watches = new Map<string, Watch>();

function watch(product: DocumentSnapshot): Watch {
  const path = product.ref.path;
  let current = watches.get(path);
  if (!current) {
    const created: Watch = { waiters: new Set(), stop: () => undefined };
    created.stop = product.ref.onSnapshot(
      (snapshot) => {
        created.latest = snapshot;
        for (const wake of created.waiters) wake();
      },
      (error) => {
        logger.warn("Product listener failed; lost commits read again instead", { productId: product.id, error: error.message });
        forget(path, created);
      },
    );
    watches.set(path, created);
    current = created;
  }
  clearTimeout(current.idle);
  const kept = current;
  kept.idle = setTimeout(() => forget(path, kept), LISTENER_LINGER_MS);
  kept.idle.unref();
  return kept;
}

function forget(path: string, stale: Watch): void {
  clearTimeout(stale.idle);
  stale.stop();
  if (watches.get(path) === stale) watches.delete(path);
  for (const wake of stale.waiters) wake();
}

// Whether `now` is a later version of the document than `before`.
export function newer(now: DocumentSnapshot, before: DocumentSnapshot): boolean {
  if (now.exists !== before.exists) return true;
  if (!now.updateTime || !before.updateTime) return false;
  // Timestamp.valueOf() is a string made to compare in time order.
  return now.updateTime.valueOf() > before.updateTime.valueOf();
}

// The products as read (before a commit, lost or won), each replaced by its listener's later version.
// Undefined when none of them has a later version within `waitMs`: then the commit lost on
// some other document (the buyer's own), or the listener is slow, and the caller reads again.
export async function laterProducts(read: DocumentSnapshot[], waitMs: number): Promise<DocumentSnapshot[] | undefined> {
  if (read.length === 0) return undefined;
  const watched = read.map((snapshot) => ({ snapshot, watch: watch(snapshot) }));
  const current = () => watched.map(({ snapshot, watch: w }) => (w.latest && newer(w.latest, snapshot) ? w.latest : snapshot));
  const changed = () => current().some((snapshot, index) => snapshot !== read[index]);
  if (changed()) return current();
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      for (const { watch: w } of watched) w.waiters.delete(check);
      resolve();
    };
    const check = () => {
      if (changed()) done();
    };
    const timer = setTimeout(done, waitMs);
    for (const { watch: w } of watched) w.waiters.add(check);
  });
  return changed() ? current() : undefined;
}
