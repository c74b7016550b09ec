// Live views over the client SDK, each allowed by firestore.rules: the catalog for anyone,
// a buyer's own orders, and the admin's views of all orders.
import {
  collection,
  doc,
  documentId,
  getDoc,
  getDocs,
  limit,
  onSnapshot,
  orderBy,
  query,
  startAfter,
  where,
  type Firestore,
  type QueryConstraint,
  type Timestamp,
  type Unsubscribe,
} from "firebase/firestore";
import {
  describeIssues,
  productSchema,
  type ConfirmationStatus,
  type DeliveryDocument,
  type EndpointDocument,
  type LocationDocument,
  type OrderStatus,
  type HoldDocument,
  type OrderDocument,
  type Product,
} from "./contract";

export type LiveProduct = Product & { id: string };
export type LiveOrder = OrderDocument<Timestamp> & { id: string };
export type LiveHold = HoldDocument<Timestamp> & { id: string };

export interface Watcher<T> {
  onChange: (items: T[]) => void;
  onError?: (error: Error) => void;
}

// Where a page of the catalog starts: after the last product of the page before.
export interface ProductCursor {
  name: string;
  id: string;
  // Where a page sorted by what is available starts (pages this module made carry it).
  quantity?: number;
}

export interface ProductPageInfo {
  // Whether products follow this page, and the cursor for the next page (`after`).
  hasMore: boolean;
  next?: ProductCursor;
  // The page as this device's cache holds it (shown at once); the server's answer follows.
  fromCache: boolean;
}

export interface ProductQuery {
  // Products per page (default 50, at most 500): a catalog is never read whole by default.
  pageSize?: number;
  after?: ProductCursor;
  // Products whose name starts with this, as typed or with its first letter in capitals.
  search?: string;
  // Only products at or below their reorder point, or sold out.
  filter?: ProductFilter;
  // With filter "low-stock": low at this location, by the location's own reorder point.
  locationId?: string;
  // By name (default), or by what is available, least first (what to restock first). A search
  // lists by name: Firestore orders a range on the name by the name.
  sort?: ProductSort;
}

export type ProductFilter = "low-stock" | "out-of-stock";
export type ProductSort = "name" | "available";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

const byId = (a: LiveProduct, b: LiveProduct) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byNameThenId = (a: LiveProduct, b: LiveProduct) => (a.name < b.name ? -1 : a.name > b.name ? 1 : byId(a, b));
const byAvailableThenId = (a: LiveProduct, b: LiveProduct) => a.quantity - b.quantity || byId(a, b);

// One page of the catalog by name, live: stock changes on the page arrive as they happen.
// Products whose document fails the schema (a typo in the console) are left out and reported.
export function watchProducts(
  db: Firestore,
  { onChange, onError, onInvalid, pageSize = DEFAULT_PAGE_SIZE, after, search, filter, locationId, sort = "name" }: Omit<Watcher<LiveProduct>, "onChange"> & ProductQuery & {
    onChange: (products: LiveProduct[], page: ProductPageInfo) => void;
    onInvalid?: (productId: string, problem: string) => void;
  },
): Unsubscribe {
  const size = Math.min(Math.max(1, Math.floor(pageSize)), MAX_PAGE_SIZE);
  const typed = search?.trim() ?? "";
  const prefixes = typed ? [...new Set([typed, typed.charAt(0).toUpperCase() + typed.slice(1)])] : [undefined];
  const byAvailable = sort === "available" && !typed;
  // Each prefix's query reads one more than a page, to know whether another follows.
  const latest = new Map<number, { products: LiveProduct[]; full: boolean; fromCache: boolean }>();
  const emit = () => {
    if (latest.size < prefixes.length) return;
    const seen = [...latest.values()];
    const merged = [...new Map(seen.flatMap(({ products }) => products).map((product) => [product.id, product])).values()].sort(byAvailable ? byAvailableThenId : byNameThenId);
    const products = merged.slice(0, size);
    const last = products.at(-1);
    const hasMore = merged.length > size || seen.some(({ full }) => full);
    onChange(products, { hasMore, ...(hasMore && last ? { next: { name: last.name, id: last.id, quantity: last.quantity } } : {}), fromCache: seen.some(({ fromCache }) => fromCache) });
  };
  const stops = prefixes.map((prefix, index) =>
    onSnapshot(
      query(
        collection(db, "products"),
        ...(filter === "low-stock"
          ? [locationId ? where("lowStockAt", "array-contains", locationId) : where("lowStock", "==", true)]
          : filter === "out-of-stock"
            ? [where("status", "==", "out_of_stock")]
            : []),
        ...(prefix ? [where("name", ">=", prefix), where("name", "<", `${prefix}\uf8ff`)] : []),
        orderBy(byAvailable ? "quantity" : "name"),
        orderBy(documentId()),
        ...(after ? [byAvailable ? startAfter(after.quantity ?? 0, after.id) : startAfter(after.name, after.id)] : []),
        limit(size + 1),
      ),
      // Also when only `fromCache` changes: the server confirming a page the cache showed first.
      { includeMetadataChanges: true },
      (snapshot) => {
        const products: LiveProduct[] = [];
        for (const doc of snapshot.docs) {
          const parsed = productSchema.safeParse(doc.data());
          if (parsed.success) products.push({ id: doc.id, ...parsed.data });
          else onInvalid?.(doc.id, describeIssues(parsed.error));
        }
        latest.set(index, { products, full: snapshot.size > size, fromCache: snapshot.metadata.fromCache });
        emit();
      },
      (error) => onError?.(error),
    ),
  );
  return () => {
    for (const stop of stops) stop();
  };
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

// Shop staff: the order a buyer quotes by its reference (or its id), if there is one.
export async function findOrder(db: Firestore, referenceOrId: string): Promise<LiveOrder | undefined> {
  const wanted = referenceOrId.trim();
  if (!wanted) return undefined;
  const byReference = await getDocs(query(collection(db, "orders"), where("reference", "==", wanted.toUpperCase()), limit(1)));
  const found = byReference.docs[0] ?? (/^[A-Za-z0-9_-]+$/.test(wanted) ? await getDoc(doc(db, "orders", wanted)) : undefined);
  return found?.exists() ? { id: found.id, ...(found.data() as OrderDocument<Timestamp>) } : undefined;
}

export type LiveLocation = LocationDocument & { id: string };

// The shop's locations, in priority order (public: the per-location stock names them).
export function watchLocations(db: Firestore, { onChange, onError }: Watcher<LiveLocation>): Unsubscribe {
  return onSnapshot(
    query(collection(db, "locations"), orderBy("priority")),
    (snapshot) => onChange(snapshot.docs.map((doc) => ({ id: doc.id, ...(doc.data() as LocationDocument) }))),
    (error) => onError?.(error),
  );
}

// Admins and fulfilment accounts: the pick list, orders with units left to ship, oldest first.
export function watchOrdersToShip(db: Firestore, watcher: Watcher<LiveOrder>, { locationId, max = 50 }: { locationId?: string; max?: number } = {}): Unsubscribe {
  // A location's pick list: orders with units still to ship from there (`shipsFrom` empties as
  // they ship or are cancelled, so no status filter is needed).
  if (locationId) return watchOrders(db, [where("shipsFrom", "array-contains", locationId), orderBy("createdAt", "asc"), limit(max)], watcher);
  const toShip: OrderStatus[] = ["confirmed", "partially_fulfilled"];
  return watchOrders(db, [where("status", "in", toShip), orderBy("createdAt", "asc"), limit(max)], watcher);
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

export type LiveWebhookEndpoint = EndpointDocument<Timestamp> & { id: string };
export type LiveDelivery = DeliveryDocument<Timestamp> & { id: string };

// Admins: the webhook endpoints (their secrets are never readable; see createWebhookEndpoint).
export function watchWebhookEndpoints(db: Firestore, { onChange, onError }: Watcher<LiveWebhookEndpoint>): Unsubscribe {
  return onSnapshot(
    query(collection(db, "webhookEndpoints"), orderBy("createdAt")),
    (snapshot) => onChange(snapshot.docs.map((doc) => ({ id: doc.id, ...(doc.data() as EndpointDocument<Timestamp>) }))),
    (error) => onError?.(error),
  );
}

// Admins: an endpoint's delivery log, newest first (an event id names each delivery).
export function watchWebhookDeliveries(db: Firestore, endpointId: string, { onChange, onError }: Watcher<LiveDelivery>, max = 20): Unsubscribe {
  return onSnapshot(
    query(collection(db, "webhookEndpoints", endpointId, "deliveries"), orderBy("createdAt", "desc"), limit(max)),
    (snapshot) => onChange(snapshot.docs.map((doc) => ({ id: doc.id, ...(doc.data() as DeliveryDocument<Timestamp>) }))),
    (error) => onError?.(error),
  );
}
