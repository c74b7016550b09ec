// Re-derives stock from the ledger: for each product, its movements (oldest first) must
// form an unbroken chain (each starts where the previous ended) that ends at the product's
// current quantity, and so must each bucket (on hand, committed, held) of each location from
// the first movement that recorded buckets. A break means stock was changed outside this backend.
import { FieldPath, type DocumentSnapshot, type Firestore, type Timestamp } from "firebase-admin/firestore";
// Takes the Firestore to read (the admin CLI brings its own app).
import { PRODUCTS, STOCK_MOVEMENTS } from "../firestore/paths";
import { DEFAULT_LOCATION, stockOf, type Buckets, type LocationStock } from "./buckets";
import type { Product } from "./productSchema";
import type { StockMovement } from "./stockLedger";
import type { LedgerPage, LedgerReport } from "./stockReports";

export type { LedgerPage, LedgerReport };

const BUCKETS: (keyof Buckets)[] = ["onHand", "committed", "held"];

export function checkHistory(productId: string, quantity: number | undefined, movements: StockMovement[], stock?: LocationStock): LedgerReport {
  const problems: string[] = [];
  movements.forEach((movement, index) => {
    if (movement.quantityAfter - movement.quantityBefore !== movement.delta) problems.push(`movement ${index} (${movement.cause}) does not add up`);
    const previous = movements[index - 1];
    if (previous && previous.quantityAfter !== movement.quantityBefore) {
      problems.push(`stock went from ${previous.quantityAfter} to ${movement.quantityBefore} outside the backend before movement ${index} (${movement.cause})`);
    }
  });
  const first = movements[0];
  const derived = first ? first.quantityBefore + movements.reduce((sum, m) => sum + m.delta, 0) : undefined;
  if (derived !== undefined && derived !== quantity) problems.push(`history ends at ${derived}, the product says ${quantity}`);
  // Each bucket of each location chains from the first movement that recorded it (older
  // movements predate buckets; movements without a location are the default location's).
  const recorded = movements.map((movement, index) => ({ movement, index })).filter(({ movement }) => movement.before && movement.after);
  const locations = new Set([...recorded.map(({ movement }) => movement.locationId ?? DEFAULT_LOCATION), ...Object.keys(stock ?? {})]);
  for (const locationId of locations) {
    const here = recorded.filter(({ movement }) => (movement.locationId ?? DEFAULT_LOCATION) === locationId);
    const at = locationId === DEFAULT_LOCATION && locations.size === 1 ? "" : ` at ${locationId}`;
    for (const bucket of BUCKETS) {
      let last: number | undefined;
      for (const { movement, index } of here) {
        const before = (movement.before as Buckets)[bucket];
        if (last !== undefined && last !== before) problems.push(`${bucket}${at} went from ${last} to ${before} outside the backend before movement ${index} (${movement.cause})`);
        last = (movement.after as Buckets)[bucket];
      }
      const now = stock ? (stock[locationId]?.[bucket] ?? 0) : undefined;
      if (last !== undefined && now !== undefined && last !== now) problems.push(`${bucket}${at} history ends at ${last}, the product says ${now}`);
      // Stock at a location no movement ever brought there.
      if (last === undefined && now !== undefined && now !== 0 && recorded.length > 0) problems.push(`${bucket}${at} is ${now} with no movement recording it`);
    }
  }
  return { productId, quantity, movements: movements.length, derived, ok: problems.length === 0, problems };
}

// Products checked at once: a catalog of thousands is read a slice at a time, not all at once.
const AT_ONCE = 50;
// Products per page when the whole catalog is checked.
export const LEDGER_PAGE_SIZE = 500;

// The named products, or the whole catalog a page at a time.
export async function checkLedger(db: Firestore, productIds?: string[]): Promise<LedgerReport[]> {
  if (productIds) return checkSome(db, productIds.map((productId) => ({ productId })));
  const reports: LedgerReport[] = [];
  let after: string | undefined;
  do {
    const page = await checkLedgerPage(db, { after, pageSize: LEDGER_PAGE_SIZE });
    reports.push(...page.reports);
    after = page.next;
  } while (after);
  return reports;
}

// One page of the catalog in id order, from after the product `after`; `next` is where the
// following page starts (absent on the last).
export async function checkLedgerPage(db: Firestore, { after, pageSize }: { after?: string; pageSize: number }): Promise<LedgerPage> {
  const ordered = db.collection(PRODUCTS).orderBy(FieldPath.documentId()).limit(pageSize);
  const page = await (after ? ordered.startAfter(after) : ordered).get();
  const reports = await checkSome(db, page.docs.map((snapshot) => ({ productId: snapshot.id, snapshot })));
  const last = page.docs.at(-1);
  return { reports, checked: reports.length, ...(page.size === pageSize && last ? { next: last.id } : {}) };
}

async function checkSome(db: Firestore, products: { productId: string; snapshot?: DocumentSnapshot }[]): Promise<LedgerReport[]> {
  const reports: LedgerReport[] = [];
  for (let i = 0; i < products.length; i += AT_ONCE) reports.push(...(await Promise.all(products.slice(i, i + AT_ONCE).map((product) => checkOne(db, product)))));
  return reports;
}

async function checkOne(db: Firestore, { productId, snapshot }: { productId: string; snapshot?: DocumentSnapshot }): Promise<LedgerReport> {
  const [product, history] = await Promise.all([
    snapshot ?? db.collection(PRODUCTS).doc(productId).get(),
    db.collection(STOCK_MOVEMENTS).where("productId", "==", productId).orderBy("at").get(),
  ]);
  const quantity = product.get("quantity") as number | undefined;
  const data = product.data() as Product | undefined;
  const stock = data && typeof data.quantity === "number" ? stockOf(data) : undefined;
  // Movements of one commit share its timestamp; `seq` orders them (a sale before a hold).
  const movements = history.docs.map((doc, index) => ({ index, movement: doc.data() as StockMovement & { at?: Timestamp } }));
  movements.sort((a, b) => (a.movement.at && b.movement.at ? a.movement.at.toMillis() - b.movement.at.toMillis() || a.movement.at.nanoseconds - b.movement.at.nanoseconds : 0) || (a.movement.seq ?? 0) - (b.movement.seq ?? 0) || a.index - b.index);
  return checkHistory(
    productId,
    quantity,
    movements.map(({ movement }) => movement),
    stock,
  );
}
