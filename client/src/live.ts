// Live views over the client SDK, each allowed by firestore.rules: the catalog for anyone,
// a buyer's own orders, and the admin's views of all orders.
import {
  collection,
  limit,
  onSnapshot,
  orderBy,
  query,
  where,
  type Firestore,
  type QueryConstraint,
  type Timestamp,
  type Unsubscribe,
} from "firebase/firestore";
import { describeIssues, productSchema, type ConfirmationStatus, type HoldDocument, type OrderDocument, type Product } from "./contract";

export type LiveProduct = Product & { id: string };
export type LiveOrder = OrderDocument<Timestamp> & { id: string };
export type LiveHold = HoldDocument<Timestamp> & { id: string };

export interface Watcher<T> {
  onChange: (items: T[]) => void;
  onError?: (error: Error) => void;
}

// Products whose document fails the schema (a typo in the console) are left out and reported.
export function watchProducts(db: Firestore, { onChange, onError, onInvalid }: Watcher<LiveProduct> & { onInvalid?: (productId: string, problem: string) => void }): Unsubscribe {
  return onSnapshot(
    query(collection(db, "products"), orderBy("name")),
    (snapshot) => {
      const products: LiveProduct[] = [];
      for (const doc of snapshot.docs) {
        const parsed = productSchema.safeParse(doc.data());
        if (parsed.success) products.push({ id: doc.id, ...parsed.data });
        else onInvalid?.(doc.id, describeIssues(parsed.error));
      }
      onChange(products);
    },
    (error) => onError?.(error),
  );
}

function watchOrders(db: Firestore, constraints: QueryConstraint[], { onChange, onError }: Watcher<LiveOrder>): Unsubscribe {
  return onSnapshot(
    query(collection(db, "orders"), ...constraints),
    (snapshot) => onChange(snapshot.docs.map((doc) => ({ id: doc.id, ...(doc.data() as OrderDocument<Timestamp>) }))),
    (error) => onError?.(error),
  );
}

// The signed-in buyer's orders, newest first, with their confirmation email status.
export function watchMyOrders(db: Firestore, uid: string, watcher: Watcher<LiveOrder>, max = 50): Unsubscribe {
  return watchOrders(db, [where("uid", "==", uid), orderBy("createdAt", "desc"), limit(max)], watcher);
}

// Admins: the newest orders of every buyer.
export function watchRecentOrders(db: Firestore, watcher: Watcher<LiveOrder>, max = 50): Unsubscribe {
  return watchOrders(db, [orderBy("createdAt", "desc"), limit(max)], watcher);
}

// Admins: orders whose confirmation is not sent (failed, or pending/sending, which is stuck
// when it is old); newest first.
export function watchUnsentConfirmations(db: Firestore, watcher: Watcher<LiveOrder>, max = 100): Unsubscribe {
  const unsent: ConfirmationStatus[] = ["failed", "pending", "sending"];
  return watchOrders(db, [where("confirmation.status", "in", unsent), orderBy("createdAt", "desc"), limit(max)], watcher);
}

// Admins: the active checkout holds, the ones due first (a hold long past its time is one the
// sweep could not end: see sweepHoldsNow's `blocked`).
export function watchActiveHolds(db: Firestore, { onChange, onError }: Watcher<LiveHold>, max = 100): Unsubscribe {
  return onSnapshot(
    query(collection(db, "holds"), where("status", "==", "active"), orderBy("expiresAt"), limit(max)),
    (snapshot) => onChange(snapshot.docs.map((doc) => ({ id: doc.id, ...(doc.data() as HoldDocument<Timestamp>) }))),
    (error) => onError?.(error),
  );
}
