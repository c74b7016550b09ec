// Correctness checks over a run, from the attempts and the database. Valid while nothing
// restocks during the run (stock only goes down), which is how bench and simulate run.
import type { DocumentSnapshot, Firestore } from "firebase-admin/firestore";
import type { Attempt } from "./loadRunner";
import { isStockRefusal } from "./metrics";

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

function unitsFor(attempt: Attempt, productId: string): number {
  return attempt.response?.items.find((line) => line.productId === productId)?.quantity ?? 0;
}

function requestedFor(attempt: Attempt, productId: string): number {
  return attempt.job.items.find((line) => line.productId === productId)?.quantity ?? 0;
}

// One attempt per confirmed order: the first to start. A replay answered from the same
// order moved no stock, so it must not count twice.
export function distinctOrders(attempts: Attempt[]): Attempt[] {
  const first = new Map<string, Attempt>();
  for (const a of attempts) {
    if (!a.ok || !a.orderId) continue;
    const seen = first.get(a.orderId);
    if (!seen || a.startedAt < seen.startedAt) first.set(a.orderId, a);
  }
  return [...first.values()];
}

export async function checkStock(db: Firestore, attempts: Attempt[], initialStock: Map<string, number>): Promise<Check[]> {
  const confirmed = distinctOrders(attempts);
  const refs = [...initialStock.keys()].map((id) => db.collection("products").doc(id));
  const snapshots = refs.length ? await db.getAll(...refs) : [];
  const oversold: string[] = [];
  const statusWrong: string[] = [];
  for (const snapshot of snapshots) {
    const initial = initialStock.get(snapshot.id) ?? 0;
    const final = snapshot.get("quantity") as number;
    const sold = confirmed.reduce((sum, a) => sum + unitsFor(a, snapshot.id), 0);
    if (initial - final !== sold || final < 0) oversold.push(`${snapshot.id}: ${initial} - ${final} != ${sold} sold`);
    if (snapshot.get("status") !== (final > 0 ? "in_stock" : "out_of_stock")) statusWrong.push(snapshot.id);
  }

  // A refusal for q units was wrong if, after it was answered, buyers who only asked later
  // still got at least q units of that product: that stock existed at the refusal.
  const wrongful = attempts.filter(isStockRefusal).filter((refusal) => {
    const productId = refusal.productId;
    const requested = productId ? requestedFor(refusal, productId) : 0;
    // A stock refusal must name a line it can't cover.
    if (!productId || refusal.available === undefined || requested <= refusal.available) return true;
    const soldLater = confirmed.filter((a) => a.startedAt > refusal.endedAt).reduce((sum, a) => sum + unitsFor(a, productId), 0);
    // Units a buyer released from a hold after the refusal were on hold at the refusal.
    const releasedLater = attempts
      .filter((a) => a.ok && a.job.hold === "release" && a.endedAt > refusal.endedAt)
      .reduce((sum, a) => sum + requestedFor(a, productId), 0);
    return requested <= soldLater - releasedLater;
  });

  return [
    {
      name: "no oversell: initial - final stock == units confirmed",
      ok: oversold.length === 0,
      detail: oversold.length ? oversold.slice(0, 5).join("; ") : `${snapshots.length} products balance`,
    },
    {
      name: "status matches quantity",
      ok: statusWrong.length === 0,
      detail: statusWrong.length ? statusWrong.join(", ") : "all consistent",
    },
    {
      name: "no refusal for stock while stock remained",
      ok: wrongful.length === 0,
      detail: `${wrongful.length} wrongful of ${attempts.filter(isStockRefusal).length} refusals`,
    },
  ];
}

// Reads documents by id in chunks a single getAll handles comfortably.
export async function getAllById(db: Firestore, collection: string, ids: string[]): Promise<DocumentSnapshot[]> {
  const snapshots: DocumentSnapshot[] = [];
  for (let i = 0; i < ids.length; i += 300) {
    const refs = ids.slice(i, i + 300).map((id) => db.collection(collection).doc(id));
    if (refs.length) snapshots.push(...(await db.getAll(...refs)));
  }
  return snapshots;
}

// Every confirmed order exists with what the buyer was told, and no other order appeared.
export async function checkOrders(db: Firestore, attempts: Attempt[], ordersCreated: number, collection = "orders"): Promise<Check[]> {
  const confirmed = attempts.filter((a) => a.ok && a.orderId);
  const distinct = new Set(confirmed.map((a) => a.orderId as string));
  const missing = (await getAllById(db, collection, [...distinct])).filter((snapshot) => !snapshot.exists).map((snapshot) => snapshot.id);
  return [
    { name: "no order lost: every confirmed order is stored", ok: missing.length === 0, detail: `${missing.length} missing of ${distinct.size}` },
    {
      name: "no phantom order: orders stored == orders confirmed",
      ok: ordersCreated === distinct.size,
      detail: `${ordersCreated} stored, ${distinct.size} confirmed`,
    },
  ];
}
