// The order flow: answer a replay from the existing order, otherwise queue the request
// on its product and wait for a batch to decide it, leading the queue when nobody does.
import { randomUUID } from "node:crypto";
import * as logger from "firebase-functions/logger";
import { HttpsError } from "firebase-functions/v2/https";
import { db, ORDERS } from "../firestore";
import { itemsKey, resultOf, type OrderRequest } from "../stock/allocationPlan";
import { acquireLease, leaseRef } from "../stock/allocatorLease";
import { drain, enqueue, outcomeRef, queueProductId, withdraw, type Outcome } from "../stock/orderQueue";
import { OutcomeWatch } from "../stock/outcomeWatch";
import { busy, requestIdReused } from "./orderErrors";
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
const HAND_OFF_AFTER_MS = 2000;
// Upper bound on one wait between checks, in case a listener event is missed.
const POLL_MS = 250;
// Listeners can lag under load; a waiter also tries the lease itself this often, so a
// released lease is never left untaken until it would have expired.
const LEASE_RETRY_MS = 1000;

async function existingOrder(orderId: string, request: PlaceOrderRequest): Promise<PlaceOrderResult | undefined> {
  const snapshot = await db().collection(ORDERS).doc(orderId).get();
  if (!snapshot.exists) return undefined;
  const order = snapshot.data() as Order;
  if (itemsKey(order.items) !== itemsKey(request.items)) throw requestIdReused(request.requestId);
  return resultOf(orderId, order);
}

function settle(outcome: Outcome): PlaceOrderResult {
  if (outcome.status === "confirmed") return outcome.result;
  throw new HttpsError(outcome.error.code, outcome.error.message, outcome.error.details);
}

async function waitForOutcome(request: OrderRequest, options: CreateOrderOptions): Promise<{ outcome?: Outcome; led: boolean }> {
  const queueId = queueProductId(request);
  const watch = new OutcomeWatch(outcomeRef(queueId, request.orderId), leaseRef(queueId));
  let led = false;
  try {
    const attemptId = await enqueue(request);
    if (!attemptId) {
      // An identical request (a concurrent replay) was decided between our try to queue and
      // our read of it. Its outcome stands for this one too: the order, or the refusal.
      const decided = await outcomeRef(queueId, request.orderId).get();
      return { outcome: decided.exists ? (decided.data() as Outcome) : undefined, led };
    }
    const owner = randomUUID();
    let triedAt = 0;
    while (Date.now() < options.deadline) {
      const outcome = watch.outcomeFor(attemptId);
      if (outcome) return { outcome, led };
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
    if (await withdraw(request)) return { led };
    // Too late to withdraw: a batch decided it; its outcome is on its way.
    const until = Date.now() + 5000;
    while (!watch.outcomeFor(attemptId) && Date.now() < until) await watch.next(POLL_MS);
    return { outcome: watch.outcomeFor(attemptId), led };
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
  const log = { orderId, uid: buyer.uid, productIds: request.items.map((item) => item.productId) };

  const earlier = await existingOrder(orderId, request);
  if (earlier) {
    logger.info("Order replayed", log);
    return earlier;
  }

  const queued: OrderRequest = { orderId, uid: buyer.uid, email: buyer.email, requestId: request.requestId, items: request.items };
  const { outcome, led } = await waitForOutcome(queued, options);
  if (!outcome) {
    // A concurrent identical request was decided, or we withdrew: the order tells which.
    const placed = await existingOrder(orderId, request);
    if (placed) return placed;
    logger.warn("Order not placed: no decision before the deadline", { ...log, waitedMs: Date.now() - started });
    throw busy();
  }
  logger.info(outcome.status === "confirmed" ? "Order placed" : "Order refused", {
    ...log,
    outcome: outcome.status === "confirmed" ? "confirmed" : outcome.error.code,
    led,
    latencyMs: Date.now() - started,
  });
  return settle(outcome);
}
