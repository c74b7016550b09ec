// One simulation run: seed the catalog (at two locations), sign the users in, have them order
// through the real callable, check the result from the database and the mailbox, then ship,
// cancel and take back the orders and check every bucket of every location.
import { getAuth } from "firebase-admin/auth";
import type { DocumentSnapshot } from "firebase-admin/firestore";
import { closeClients, type Buyer } from "../testkit/buyers";
import { countOrders, seedProduct, shopApp, shopDb } from "../testkit/emulator";
import { sleep } from "../testkit/smtpSink";
import { checkOrders, checkStock, getAllById, type Check } from "../load/invariants";
import { buyerWorkers, floorWorker, isValidationRefusal, runJobs, type Attempt } from "../load/loadRunner";
import type { Mailbox } from "../load/mailbox";
import { summarize, type Metrics } from "../load/metrics";
import { signInBuyers } from "../load/stack";
import { jobsFor, settle, warmWorkers } from "../load/warmup";
import { checkBuyers, checkEmails, checkHoldStates, checkInvalid, checkReplays, invalidOrderId, readHoldStates } from "./checks";
import { Timestamp } from "firebase-admin/firestore";
import { attempt, callable, newAdmin } from "../testkit/buyers";
import { holdIdFor } from "../../functions/src/orders/orderId";
import { checkLedger } from "../../functions/src/stock/ledgerCheck";
import { checkBuckets, runAfterSales, spreadStock } from "./afterSales";
import { planSimulation, type SimulationOptions, type SimulationPlan } from "./plan";

export interface StockPoint {
  seconds: number;
  productId: string;
  quantity: number;
}

export interface EmailTiming {
  orderId: string;
  seconds: number;
}

export interface SimulationResult {
  options: SimulationOptions;
  plan: SimulationPlan;
  attempts: Attempt[];
  metrics: Metrics;
  // The same callable refused at validation, at the same concurrency (after warm-up only).
  floor?: Metrics;
  stock: StockPoint[];
  emailTimes: EmailTiming[];
  unsentConfirmations: number;
  checks: Check[];
  ok: boolean;
}

const EMAIL_WAIT_MS = 180_000;

// Records each product's quantity as clients see it, every time it changes.
function watchStock(productIds: string[], t0: number): { points: StockPoint[]; stop: () => void } {
  const points: StockPoint[] = [];
  const unsubscribes = productIds.map((productId) =>
    shopDb()
      .collection("products")
      .doc(productId)
      .onSnapshot((snapshot) => {
        const quantity = snapshot.get("quantity") as unknown;
        if (typeof quantity === "number") points.push({ seconds: (performance.now() - t0) / 1000, productId, quantity });
      }),
  );
  return { points, stop: () => unsubscribes.forEach((unsubscribe) => unsubscribe()) };
}

const orderSnapshots = (orderIds: string[]) => getAllById(shopDb(), "orders", orderIds);

// Waits until every confirmed order's email is settled (sent or failed for good).
async function waitForEmails(orderIds: string[]): Promise<{ snapshots: DocumentSnapshot[]; unsent: number }> {
  const until = Date.now() + EMAIL_WAIT_MS;
  for (;;) {
    const snapshots = await orderSnapshots(orderIds);
    const unsent = snapshots.filter((s) => !["sent", "failed"].includes(s.get("confirmation.status") as string)).length;
    if (unsent === 0 || Date.now() > until) return { snapshots, unsent };
    await sleep(1000);
  }
}

async function accountEmails(uids: string[]): Promise<Map<string, string | undefined>> {
  const emails = new Map<string, string | undefined>();
  for (let i = 0; i < uids.length; i += 100) {
    const { users } = await getAuth(shopApp()).getUsers(uids.slice(i, i + 100).map((uid) => ({ uid })));
    for (const user of users) emails.set(user.uid, user.email);
  }
  return emails;
}

function unexpectedErrors(attempts: Attempt[]): Check {
  // A checkout hold may also meet the shop's caps on holds (HOLD_MAX_*): a buyer's live holds,
  // or the share of a product all holds may take.
  const expected = (a: Attempt) =>
    a.ok || a.reason === "insufficient-stock" || (a.job.kind === "invalid" && a.code === "functions/invalid-argument") || (a.job.hold !== undefined && a.reason === "hold-limit");
  const codes: Record<string, number> = {};
  for (const a of attempts.filter((attempt) => !expected(attempt))) codes[a.code ?? "unknown"] = (codes[a.code ?? "unknown"] ?? 0) + 1;
  return {
    name: "no error other than stock refusals, caps on holds and invalid requests (no unavailable, no internal)",
    ok: Object.keys(codes).length === 0,
    detail: Object.keys(codes).length ? JSON.stringify(codes) : "none",
  };
}

// Time passes for the buyers who walked away: their holds are made due now (HOLD_MINUTES is
// minutes; a run is seconds), then the shop's own sweep (sweepHoldsNow) returns the units.
async function expireAbandonedHolds(holdIds: string[]): Promise<void> {
  const snapshots = await getAllById(shopDb(), "holds", [...new Set(holdIds)]);
  const due = Timestamp.fromMillis(Date.now() - 1000);
  await Promise.all(snapshots.filter((s) => s.exists && s.get("status") === "active").map((s) => s.ref.update({ expiresAt: due })));
  const admin = await newAdmin();
  try {
    for (;;) {
      const swept = await attempt(callable<{ found: number }>(admin.app, "sweepHoldsNow")({}));
      if (!swept.ok) throw new Error(`sweepHoldsNow failed: ${swept.code} ${swept.message}`);
      if (swept.value?.found === 0) return;
    }
  } finally {
    await closeClients([admin.app]);
  }
}

async function holdChecks(holds: { holdId: string; uid: string }[], productIds: string[]): Promise<Check[]> {
  const products = await getAllById(shopDb(), "products", productIds);
  const heldLeft = new Map(products.map((p) => [p.id, (p.get("held") as number | undefined) ?? 0]));
  const ledger = await checkLedger(shopDb(), productIds);
  const broken = ledger.filter((report) => !report.ok);
  return [
    ...checkHoldStates(await readHoldStates(shopDb(), holds), heldLeft),
    {
      name: "stock balances: each product's ledger (orders, holds, releases, expiries) ends at its stock",
      ok: broken.length === 0,
      detail: broken.length ? broken.map((r) => `${r.productId}: ${r.problems.join("; ")}`).join(" | ") : `${ledger.length} products add up`,
    },
  ];
}

export async function runSimulation(
  options: SimulationOptions,
  context: { mailbox: Mailbox; progress?: boolean; log?: (message: string) => void },
): Promise<SimulationResult> {
  const log = context.log ?? (() => undefined);
  const plan = planSimulation(options, `${Date.now().toString(36)}-${options.seed}`);
  const since = new Date(Date.now() - 1000);

  log(`Creating ${plan.products.length} products with ${options.stock} units each...`);
  await Promise.all(plan.products.map((p) => seedProduct(p.id, { name: p.name, price: p.price, quantity: p.stock, currency: "EUR" })));
  const runTag = plan.products[0]?.id.replace(/-p1$/, "") ?? "sim";
  log("Moving half of every other product to a second location...");
  const shopAdmin = await newAdmin();
  const startStock = await spreadStock(shopAdmin, plan.products, runTag).finally(() => closeClients([shopAdmin.app]));
  log(`Creating and signing in ${options.users} users...`);
  const buyers: Buyer[] = await signInBuyers(options.users);
  const identities = buyers.map((buyer) => ({ uid: buyer.uid, email: buyer.email ?? "" }));

  try {
    if (options.warm) {
      log(`Warming ${options.concurrency} function workers with separate warm-up buyers...`);
      const warmers = await signInBuyers(options.concurrency);
      try {
        await warmWorkers(warmers, options.concurrency, context.progress ?? false);
      } finally {
        await closeClients(warmers.map((b) => b.app));
      }
    }
    // Measured once the warm-up's emails are out, so their work doesn't slow the floor.
    if (options.warm) await settle();
    const floor = options.warm
      ? summarize(
          await runJobs(jobsFor(options.concurrency * 10, ["floor"]), buyers.slice(0, options.concurrency).map(floorWorker), { label: "floor", progress: context.progress }),
          isValidationRefusal,
        )
      : undefined;
    const holds = plan.jobs.filter((job) => job.hold).map((job) => ({ holdId: holdIdFor(buyers[job.buyer]!.uid, job.requestId), uid: buyers[job.buyer]!.uid }));
    const ordersBefore = await countOrders();
    const t0 = performance.now();
    const stockWatch = watchStock(
      plan.products.map((p) => p.id),
      t0,
    );
    log(`Placing ${plan.jobs.length} orders, ${options.concurrency} at a time...`);
    let attempts: Attempt[];
    try {
      attempts = await runJobs(plan.jobs, buyerWorkers(buyers, options.concurrency), { label: "orders", progress: context.progress });
      if (holds.length) {
        log(`Letting the abandoned holds expire (of ${holds.length} checkouts with a hold), then sweeping...`);
        await expireAbandonedHolds(holds.map((h) => h.holdId));
      }
      // Let the last stock changes reach the listeners.
      await sleep(1000);
    } finally {
      stockWatch.stop();
    }
    const ordersCreated = (await countOrders()) - ordersBefore;

    const confirmedIds = [...new Set(attempts.filter((a) => a.ok && a.orderId).map((a) => a.orderId as string))];
    log(`Waiting for ${confirmedIds.length} confirmation emails...`);
    const { snapshots, unsent } = await waitForEmails(confirmedIds);
    const emailTimes = snapshots.flatMap((snapshot) => {
      const created = snapshot.get("createdAt") as { toMillis(): number } | undefined;
      const sent = snapshot.get("confirmation.sentAt") as { toMillis(): number } | undefined;
      return created && sent ? [{ orderId: snapshot.id, seconds: (sent.toMillis() - created.toMillis()) / 1000 }] : [];
    });

    const invalidIds = attempts.map((a) => invalidOrderId(a, identities)).filter((id): id is string => id !== undefined);
    const existingInvalid = new Set((await orderSnapshots(invalidIds)).filter((s) => s.exists).map((s) => s.id));
    const metrics = summarize(attempts);
    const initialStock = new Map(plan.products.map((p) => [p.id, p.stock]));
    const checks: Check[] = [
      ...(await checkStock(shopDb(), attempts, initialStock)),
      ...(await checkOrders(shopDb(), attempts, ordersCreated)),
      checkReplays(attempts),
      checkInvalid(attempts, identities, existingInvalid),
      checkEmails(await context.mailbox.received(), attempts, identities),
      await checkBuyers(shopDb(), since, accountEmails),
      unexpectedErrors(attempts),
      ...(holds.length ? await holdChecks(holds, plan.products.map((p) => p.id)) : []),
    ];
    log(`After the sale: shipping, cancelling and taking back ${confirmedIds.length} orders...`);
    const afterSales = await runAfterSales(confirmedIds, runTag);
    checks.push(
      { name: "after the sale, every shipment, cancellation and return was accepted", ok: afterSales.failures.length === 0, detail: afterSales.failures.length ? afterSales.failures.slice(0, 5).join("; ") : JSON.stringify(afterSales.fates) },
      ...(await checkBuckets(shopDb(), confirmedIds, startStock)),
    );
    return {
      options,
      plan,
      attempts,
      metrics,
      floor,
      stock: [
        ...plan.products.map((p) => ({ seconds: 0, productId: p.id, quantity: p.stock })),
        ...stockWatch.points,
      ].sort((a, b) => a.seconds - b.seconds),
      emailTimes,
      unsentConfirmations: unsent,
      checks,
      ok: checks.every((c) => c.ok),
    };
  } finally {
    await closeClients(buyers.map((b) => b.app));
  }
}
