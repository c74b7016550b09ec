// The simulation's second act, after the sale: stock at two locations from the start (half of
// every other product moved to a second location by a ledgered transfer), then the warehouse
// ships, the shop cancels, buyers send things back, all at once through the real callables.
// Its verdict checks every bucket of every location against the orders and against the ledger.
import type { Firestore } from "firebase-admin/firestore";
import { allocationsOf, unitsAt } from "../../functions/src/model/allocations";
import type { Order } from "../../functions/src/model/order";
import { openCommitments } from "../../functions/src/model/shipments";
import type { FulfillOrderResult } from "../../functions/src/orders/fulfilmentSchemas";
import { stockOf } from "../../functions/src/stock/buckets";
import { checkLedger } from "../../functions/src/stock/ledgerCheck";
import type { Check } from "../load/invariants";
import { getAllById } from "../load/invariants";
import { attempt, callable, closeClients, newAdmin, type Buyer } from "../testkit/buyers";
import { shopDb } from "../testkit/emulator";

export const SECOND_LOCATION = "sim-north";

// Moves half of every other product's units to the second location before the sale. Answers
// each product's units per location as the sale starts.
export async function spreadStock(admin: Buyer, products: { id: string; stock: number }[], runTag: string): Promise<Map<string, Map<string, number>>> {
  const ok = await attempt(callable(admin.app, "upsertLocation")({ locationId: SECOND_LOCATION, name: "North (simulation)" }));
  if (!ok.ok) throw new Error(`upsertLocation failed: ${ok.code} ${ok.message}`);
  const start = new Map<string, Map<string, number>>();
  for (const [index, product] of products.entries()) {
    const moved = index % 2 === 1 ? Math.floor(product.stock / 2) : 0;
    if (moved > 0) {
      const done = await attempt(callable(admin.app, "transferStock")({ productId: product.id, from: "default", to: SECOND_LOCATION, quantity: moved, reason: "simulation: stock at two locations", requestId: `sim-${runTag}-spread-${index}` }));
      if (!done.ok) throw new Error(`transferStock failed: ${done.code} ${done.message}`);
    }
    start.set(product.id, new Map([["default", product.stock - moved], ...(moved ? [[SECOND_LOCATION, moved] as const] : [])]));
  }
  return start;
}

// What happens to each confirmed order, by its place in id order: cancelled, shipped whole,
// shipped in part then the rest cancelled, or shipped and one unit sent back (restocked, or
// written off as damaged).
type Fate = "cancel" | "ship" | "ship-part" | "return-restock" | "return-damaged";
const FATES: Fate[] = ["cancel", "ship", "ship-part", "ship", "return-restock", "return-damaged"];

async function inTurns<T>(items: T[], atOnce: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: atOnce }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index] as T, index);
      }
    }),
  );
}

export interface AfterSales {
  fates: Record<Fate, number>;
  failures: string[];
}

export async function runAfterSales(orderIds: string[], runTag: string): Promise<AfterSales> {
  const admin = await newAdmin();
  const call = (name: string, data: unknown) => attempt(callable(admin.app, name)(data));
  const fates = Object.fromEntries(FATES.map((fate) => [fate, 0])) as Record<Fate, number>;
  const failures: string[] = [];
  const must = async (what: string, outcome: Promise<{ ok: boolean; code?: string; message?: string }>) => {
    const done = await outcome;
    if (!done.ok) failures.push(`${what}: ${done.code} ${done.message}`);
  };
  try {
    const sorted = [...orderIds].sort();
    await inTurns(sorted, 8, async (orderId, index) => {
      let fate = FATES[index % FATES.length] as Fate;
      const items = fate === "ship-part" ? ((await shopDb().collection("orders").doc(orderId).get()).get("items") as { productId: string; quantity: number }[]) : [];
      // An order of one unit has no part to ship: the shop cancels it instead.
      if (fate === "ship-part" && items.reduce((sum, line) => sum + line.quantity, 0) < 2) fate = "cancel";
      fates[fate] += 1;
      const request = (step: string) => `sim-${runTag}-${step}-${index}`;
      if (fate === "cancel") return must(`cancel ${orderId}`, call("cancelOrder", { orderId, reason: "customer-request" }));
      if (fate === "ship-part") {
        // One unit of the first line ships; the shop cancels the rest.
        await must(`ship part of ${orderId}`, call("fulfillOrder", { orderId, requestId: request("part"), lines: [{ productId: items[0]?.productId, quantity: 1 }] }));
        return must(`cancel the rest of ${orderId}`, call("cancelOrder", { orderId, reason: "out-of-stock" }));
      }
      const shipped = await attempt(callable<FulfillOrderResult>(admin.app, "fulfillOrder")({ orderId, requestId: request("ship"), carrier: "Simulated Post", trackingNumber: `SIM-${index}` }));
      if (!shipped.ok) return void failures.push(`ship ${orderId}: ${shipped.code} ${shipped.message}`);
      if (fate === "return-restock" || fate === "return-damaged") {
        const lines = (shipped.value?.lines ?? []).slice(0, 1).map((line) => ({ productId: line.productId, quantity: 1 }));
        return must(`return ${orderId}`, call("returnItems", { orderId, requestId: request("return"), lines, restock: fate === "return-restock" }));
      }
      return undefined;
    });
  } finally {
    await closeClients([admin.app]);
  }
  return { fates, failures };
}

// Every bucket of every location, re-derived from the orders: committed = units of open orders
// still committed there; held = 0 (every hold has ended); on hand = the start there, less what
// shipped from there, plus what came back there restocked. And every product's ledger adds up,
// location by location and bucket by bucket.
export async function checkBuckets(db: Firestore, orderIds: string[], start: Map<string, Map<string, number>>): Promise<Check[]> {
  const orders = (await getAllById(db, "orders", orderIds)).filter((snapshot) => snapshot.exists);
  type Shelf = { onHand: number; committed: number; held: number };
  const expected = new Map<string, Map<string, Shelf>>();
  const at = (productId: string, locationId: string): Shelf => {
    const byLocation = expected.get(productId) ?? new Map<string, Shelf>();
    expected.set(productId, byLocation);
    const buckets: Shelf = byLocation.get(locationId) ?? { onHand: start.get(productId)?.get(locationId) ?? 0, committed: 0, held: 0 };
    byLocation.set(locationId, buckets);
    return buckets;
  };
  for (const [productId, locations] of start) for (const locationId of locations.keys()) at(productId, locationId);
  for (const snapshot of orders) {
    const order = snapshot.data() as Order;
    if (order.status === "confirmed" || order.status === "partially_fulfilled") {
      for (const line of order.items) for (const [locationId, units] of openCommitments(order, line.productId)) at(line.productId, locationId).committed += units;
    }
    const shipments = await snapshot.ref.collection("fulfilments").get();
    for (const shipment of shipments.docs) for (const from of (shipment.get("from") as { productId: string; locationId: string; quantity: number }[] | undefined) ?? []) at(from.productId, from.locationId).onHand -= from.quantity;
    for (const [productId, units] of Object.entries(order.returns?.restocked ?? {})) {
      const backTo = unitsAt(allocationsOf(order), productId).keys().next().value ?? "default";
      at(productId, backTo).onHand += units;
    }
  }
  const products = await getAllById(db, "products", [...start.keys()]);
  const wrong: string[] = [];
  for (const product of products) {
    const actual = stockOf(product.data() as Parameters<typeof stockOf>[0]);
    for (const [locationId, buckets] of expected.get(product.id) ?? []) {
      const has = actual[locationId] ?? { onHand: 0, committed: 0, held: 0 };
      for (const bucket of ["onHand", "committed", "held"] as const) {
        if (has[bucket] !== buckets[bucket]) wrong.push(`${product.id} at ${locationId}: ${bucket} ${has[bucket]}, the orders say ${buckets[bucket]}`);
      }
    }
  }
  const ledger = await checkLedger(db, [...start.keys()]);
  const broken = ledger.filter((report) => !report.ok);
  return [
    { name: "every bucket of every location matches the orders (committed, held, on hand after shipments and returns)", ok: wrong.length === 0, detail: wrong.length ? wrong.slice(0, 10).join("; ") : `${products.length} products at ${new Set([...start.values()].flatMap((l) => [...l.keys()])).size} locations` },
    { name: "each product's ledger adds up, location by location and bucket by bucket", ok: broken.length === 0, detail: broken.length ? broken.map((r) => `${r.productId}: ${r.problems.join("; ")}`).join(" | ") : `${ledger.length} products add up` },
  ];
}
