// The order flow: one transaction decides an order for products nobody else is buying
// right now (or answers its replay); an order for a hot product is queued on it and waits
// for a batch to decide it, leading the queue when nobody does.
import { randomUUID } from "node:crypto";
import * as logger from "firebase-functions/logger";
import { leaseRef, orderRef, outcomeRef } from "../firestore/paths";
import { itemsKey, resultOf, type Decision, type OrderRequest } from "../stock/allocationPlan";
import { acquireLease, HOT_COOL_DOWN_MS } from "../stock/allocatorLease";
import { allocateDirect } from "../stock/directAllocation";
import { knownHot, markHot } from "../stock/hotProducts";
import { drain, enqueue, queueProductId, withdraw, type Outcome } from "../stock/orderQueue";
import { OutcomeWatch } from "../stock/outcomeWatch";
import { Refused } from "../stock/refusals";
import { orderIdFor } from "./orderId";
import type { Order, PlaceOrderResult } from "./orderSchema";
import type { PlaceOrderRequest } from "./placeOrderSchema";

export interface Buyer {
  uid: string;
  email: string;
}

export interface CreateOrderOptions {
  maxAttempts: number;
  // Epoch ms by which the buyer must have an answer.
  deadline: number;
}

// A leader whose own order is decided keeps draining this long before handing off.
const HAND_OFF_AFTER_MS = 1000;
// Upper bound on one wait between checks, in case a listener event is missed.
const POLL_MS = 250;
// Listeners can lag under load; a waiter also tries the lease itself this often, so a
// released lease is never left untaken until it would have expired.
const LEASE_RETRY_MS = 1000;

async function existingOrder(orderId: string, request: PlaceOrderRequest): Promise<PlaceOrderResult | undefined> {
  const snapshot = await orderRef(orderId).get();
  if (!snapshot.exists) return undefined;
  const order = snapshot.data() as Order;
  if (itemsKey(order.items) !== itemsKey(request.items)) throw new Refused({ reason: "request-id-reused", requestId: request.requestId });
  return resultOf(orderId, order);
}

function settle(outcome: Outcome): PlaceOrderResult {
  if (outcome.status === "confirmed") return outcome.result;
  throw new Refused(outcome.refusal);
}

function settleDecision(decision: Decision): PlaceOrderResult {
  if (decision.kind === "refused") throw new Refused(decision.refusal);
  return decision.result;
}

interface Waited {
  outcome?: Outcome;
  led: boolean;
  // Until when the product stays hot after its last combined batch.
  coolUntil: number;
}

async function waitForOutcome(queueId: string, request: OrderRequest, options: CreateOrderOptions): Promise<Waited> {
  const watch = new OutcomeWatch(outcomeRef(queueId, request.orderId), leaseRef(queueId));
  let led = false;
  const waited = (outcome?: Outcome): Waited => ({ outcome, led, coolUntil: watch.coolUntil() });
  try {
    const attemptId = await enqueue(queueId, request);
    if (!attemptId) {
      // An identical request (a concurrent replay) was decided between our try to queue and
      // our read of it. Its outcome stands for this one too: the order, or the refusal.
      const decided = await outcomeRef(queueId, request.orderId).get();
      return waited(decided.exists ? (decided.data() as Outcome) : undefined);
    }
    watch.expect(attemptId);
    const owner = randomUUID();
    let triedAt = 0;
    while (Date.now() < options.deadline) {
      const outcome = watch.outcomeFor(attemptId);
      if (outcome) return waited(outcome);
      if (watch.leaseFree() || Date.now() - triedAt >= LEASE_RETRY_MS) {
        triedAt = Date.now();
        const lease = await acquireLease(queueId, owner);
        if (lease) {
          led = true;
          await drain(queueId, lease, {
            maxAttempts: options.maxAttempts,
            deadline: options.deadline,
            handOffAt: Date.now() + HAND_OFF_AFTER_MS,
            done: () => watch.outcomeFor(attemptId) !== undefined,
          });
          continue;
        }
      }
      await watch.next(POLL_MS);
    }
    // Out of time: take the request back so it can't turn into an order after we said no.
    if (await withdraw(queueId, request)) return waited();
    // Too late to withdraw: a batch decided it; its outcome is on its way.
    const until = Date.now() + 5000;
    while (!watch.outcomeFor(attemptId) && Date.now() < until) await watch.next(POLL_MS);
    return waited(watch.outcomeFor(attemptId));
  } finally {
    watch.close();
  }
}

export async function createOrder(
  buyer: Buyer,
  request: PlaceOrderRequest,
  options: CreateOrderOptions,
): Promise<PlaceOrderResult> {
  const orderId = orderIdFor(buyer.uid, request.requestId);
  const started = Date.now();
  const productIds = request.items.map((item) => item.productId);
  const log = { orderId, uid: buyer.uid, productIds };
  const order: OrderRequest = { orderId, uid: buyer.uid, email: buyer.email, requestId: request.requestId, items: request.items };

  // The common case: one transaction decides the order (or answers a replay from it).
  let queueId = knownHot(productIds);
  if (!queueId) {
    const direct = await allocateDirect(order);
    if (direct.kind === "decided") {
      logger.info(decisionMessage[direct.decision.kind], { ...log, path: "direct", outcome: outcomeOf(direct.decision), latencyMs: Date.now() - started });
      return settleDecision(direct.decision);
    }
    if (direct.kind === "hot") {
      queueId = direct.productId;
      markHot(queueId, direct.until);
    } else {
      // Lost a race: the product is contended, so this instance queues its orders for a while.
      queueId = queueProductId(order);
      markHot(queueId, Date.now() + HOT_COOL_DOWN_MS);
    }
  }

  // A hot product: the order waits for a combined batch.
  const { outcome, led, coolUntil } = await waitForOutcome(queueId, order, options);
  markHot(queueId, coolUntil);
  if (!outcome) {
    // A concurrent identical request was decided, or we withdrew: the order tells which.
    const placed = await existingOrder(orderId, request);
    if (placed) return placed;
    logger.warn("Order not placed: no decision before the deadline", { ...log, waitedMs: Date.now() - started });
    throw new Refused({ reason: "contention" });
  }
  logger.info(outcome.status === "confirmed" ? "Order placed" : "Order refused", {
    ...log,
    path: "queue",
    outcome: outcome.status === "confirmed" ? "confirmed" : outcome.refusal.reason,
    led,
    latencyMs: Date.now() - started,
  });
  return settle(outcome);
}

const decisionMessage: Record<Decision["kind"], string> = { confirmed: "Order placed", replayed: "Order replayed", refused: "Order refused" };

function outcomeOf(decision: Decision): string {
  return decision.kind === "refused" ? decision.refusal.reason : decision.kind;
}
