// The events outbox on the emulators, driven through the real callables: every change to an
// order or a hold writes exactly one event of the right type in its own commit (orders decided
// alone or in a hot product's batches, holds released, expired or turned into orders,
// cancellations, shipments, returns), numbered per resource, and a replayed request writes none.
import { expect } from "chai";
import { Timestamp } from "firebase-admin/firestore";
import functionsTest from "firebase-functions-test";
import { allocate } from "../../src/allocator/allocate";
import { callBudget } from "../../src/budget";
import { db as functionsDb } from "../../src/firestore/db";
import { attempt, callable, closeClients, newAdmin, newBuyer, newRequestId, newStaff, type Buyer } from "../../../tools/testkit/buyers";
import { seedProduct, shopDb, uniqueId, WRAPPED_PROJECT_ID } from "../../../tools/testkit/emulator";
import type { HoldResult } from "../../src/model/holdDocument";

interface StoredEvent {
  id: string;
  type: string;
  apiVersion: string;
  resource: { type: string; id: string };
  sequence: number;
  data: { object: Record<string, unknown>; previous?: Record<string, unknown> };
  dispatch: { status: string };
}

describe("events outbox (emulators)", function () {
  this.timeout(180_000);
  let admin: Buyer;
  let packer: Buyer;
  let buyer: Buyer;

  before(async function () {
    [admin, packer, buyer] = await Promise.all([newAdmin(), newStaff({ fulfilment: true }), newBuyer()]);
  });

  after(async function () {
    await closeClients([admin.app, packer.app, buyer.app]);
  });

  const eventsOf = async (id: string): Promise<StoredEvent[]> =>
    (await shopDb().collection("events").where("resource.id", "==", id).get()).docs.map((doc) => doc.data() as StoredEvent).sort((a, b) => a.sequence - b.sequence);
  const summary = (events: StoredEvent[]) => events.map((event) => `${event.sequence} ${event.type}`);
  const call = <T>(who: Buyer, name: string, data: unknown) => attempt(callable<T>(who.app, name)(data));

  it("an order's life: placed, shipped in part, shipped, returned; one event per change, numbered, with what changed", async function () {
    const productId = uniqueId("ev-mug");
    await seedProduct(productId, { quantity: 10, name: "Mug" });
    const requestId = newRequestId();
    const { data: order } = await buyer.placeOrder({ items: [{ productId, quantity: 3 }], requestId });
    // A retried request is answered from the order: no second event.
    await buyer.placeOrder({ items: [{ productId, quantity: 3 }], requestId });
    const [placed] = await eventsOf(order.orderId);
    expect(placed).to.deep.include({ type: "order.placed", sequence: 1, resource: { type: "order", id: order.orderId } });
    expect(placed!.id).to.match(/^evt_[0-9a-f]{32}$/);
    expect(placed!.data.object).to.deep.include({ id: order.orderId, status: "confirmed", total: order.total, currency: "EUR" });
    // Bookkeeping stays inside.
    expect(placed!.data.object).to.not.have.any.keys("confirmation", "requestId", "eventSequence", "shipsFrom", "stock");

    const ship = (lines: unknown, shipmentId: string) => call(packer, "fulfillOrder", { orderId: order.orderId, requestId: shipmentId, ...(lines ? { lines } : {}), carrier: "UPS", trackingNumber: "1Z999" });
    const first = `ship-${order.orderId}-1`;
    expect((await ship([{ productId, quantity: 1 }], first)).ok).to.equal(true);
    expect((await ship([{ productId, quantity: 1 }], first)).ok, "a replayed shipment").to.equal(true);
    expect((await ship(undefined, `ship-${order.orderId}-2`)).ok).to.equal(true);
    expect((await call(packer, "returnItems", { orderId: order.orderId, requestId: `return-${order.orderId}`, lines: [{ productId, quantity: 1 }], restock: true })).ok).to.equal(true);

    const events = await eventsOf(order.orderId);
    expect(summary(events)).to.deep.equal(["1 order.placed", "2 order.partially_fulfilled", "3 order.fulfilled", "4 order.returned"]);
    expect(events[1]!.data.previous).to.include({ status: "confirmed" });
    expect(events[2]!.data.previous).to.include({ status: "partially_fulfilled" });
    expect(events[3]!.data.object).to.deep.include({ status: "fulfilled", returns: { returned: { [productId]: 1 }, restocked: { [productId]: 1 }, returns: 1 } });
    expect(events[3]!.data.previous).to.deep.equal({ returns: null });
    expect(new Set(events.map((event) => event.id)).size).to.equal(4);
  });

  it("a product's life: created, restocked, counted, transferred, edited, one event each; a save that changes nothing writes none; a crossing takes the commit's event", async function () {
    const productId = uniqueId("ev-lamp");
    const warehouse = uniqueId("ev-wh");
    const ok = async (name: string, data: unknown) => {
      const outcome = await call(admin, name, data);
      expect(outcome.ok, `${name}: ${outcome.message}`).to.equal(true);
    };
    const details = { productId, name: "Lamp", price: 4900, currency: "EUR", reorderPoint: 4 };
    await ok("upsertProduct", { ...details, quantity: 10 });
    await ok("restockProduct", { productId, add: 5 });
    await ok("adjustStock", { productId, quantity: 14, reason: "counted the shelf" });
    await ok("upsertLocation", { locationId: warehouse, name: "Warehouse" });
    await ok("transferStock", { productId, from: "default", to: warehouse, quantity: 3, reason: "overflow", requestId: newRequestId() });
    await ok("upsertProduct", details);
    await ok("upsertProduct", { ...details, price: 5200 });
    // Counting the default location down to nothing leaves 3 (at the warehouse): below 4, low.
    await ok("adjustStock", { productId, quantity: 0, reason: "damaged in a flood", acceptShortfall: true });
    const events = await eventsOf(productId);
    expect(summary(events)).to.deep.equal(["1 product.created", "2 inventory.restocked", "3 inventory.counted", "4 inventory.transferred", "5 product.updated", "6 inventory.low_stock"]);
    expect(events[0]!.data.object).to.deep.include({ id: productId, name: "Lamp", available: 10, price: 4900, currency: "EUR" });
    expect(events[1]!.data.object).to.deep.include({ available: 15, change: { type: "inventory.restocked", locationId: "default", added: 5, by: admin.uid } });
    expect(events[1]!.data.previous).to.deep.equal({ available: 10 });
    expect(events[3]!.data.object).to.deep.nested.include({ [`locations.${warehouse}.onHand`]: 3, "change.from": "default", "change.to": warehouse });
    expect(events[4]!.data.previous).to.deep.equal({ price: 4900 });
    expect(events[5]!.data.object).to.deep.include({ available: 3, crossings: [{ alert: "low_stock" }] });
    expect(events[5]!.data.object).to.have.nested.property("change.type", "inventory.counted");
  });

  it("a product written outside the backend (as the Firebase console does) is one product.changed_outside event with what changed", async function () {
    const productId = uniqueId("ev-vase");
    expect((await call(admin, "upsertProduct", { productId, name: "Vase", price: 3000, currency: "EUR", quantity: 4 })).ok).to.equal(true);
    await shopDb().doc(`products/${productId}`).update({ price: 2500, quantity: 40 });
    const waitFor = async (count: number) => {
      const until = Date.now() + 30_000;
      while ((await eventsOf(productId)).length < count && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 200));
      return eventsOf(productId);
    };
    let events = await waitFor(2);
    expect(summary(events)).to.deep.equal(["1 product.created", "2 product.changed_outside"]);
    expect(events[1]!.data.previous).to.deep.equal({ price: 3000, quantity: 4 });
    expect(events[1]!.data.object).to.deep.include({ id: productId, price: 2500, quantity: 40 });
    // The backend's own changes after it are not "outside"; a deletion is.
    expect((await call(admin, "restockProduct", { productId, add: 1 })).ok).to.equal(true);
    await shopDb().doc(`products/${productId}`).delete();
    events = await waitFor(4);
    expect(summary(events)).to.deep.equal(["1 product.created", "2 product.changed_outside", "3 inventory.restocked", "4 product.changed_outside"]);
    expect(events[3]!.data.object).to.deep.include({ id: productId, deleted: true });
    // Made again under the same id: its events go on from the last one kept, never over it.
    const again = await call(admin, "upsertProduct", { productId, name: "Vase", price: 3100, currency: "EUR", quantity: 2 });
    expect(again.ok, again.message).to.equal(true);
    expect(summary(await eventsOf(productId)).slice(-1)).to.deep.equal(["5 product.created"]);
  });

  it("a cancellation is one event, and cancelling again writes none", async function () {
    const productId = uniqueId("ev-pot");
    await seedProduct(productId, { quantity: 4, name: "Pot" });
    const { data: order } = await buyer.placeOrder({ items: [{ productId, quantity: 2 }], requestId: newRequestId() });
    for (let i = 0; i < 2; i++) expect((await call(buyer, "cancelOrder", { orderId: order.orderId, reason: "changed-mind" })).ok).to.equal(true);
    const events = await eventsOf(order.orderId);
    expect(summary(events)).to.deep.equal(["1 order.placed", "2 order.cancelled"]);
    expect(events[1]!.data.previous).to.include({ status: "confirmed", cancellation: null });
    expect(events[1]!.data.object).to.deep.include({ status: "cancelled" });
  });

  it("holds: placed, then released, expired or turned into an order, each ending one event", async function () {
    const productId = uniqueId("ev-lamp");
    await seedProduct(productId, { quantity: 20, name: "Lamp" });
    const hold = async () => {
      const held = await call<HoldResult>(buyer, "holdStock", { items: [{ productId, quantity: 1 }], requestId: newRequestId() });
      expect(held.ok, JSON.stringify(held)).to.equal(true);
      return held.value!.holdId;
    };
    const [released, expired, converted] = [await hold(), await hold(), await hold()];
    expect((await call(buyer, "releaseHold", { holdId: released })).ok).to.equal(true);
    await shopDb().collection("holds").doc(expired).update({ expiresAt: Timestamp.fromMillis(Date.now() - 1000) });
    expect((await call(admin, "sweepHoldsNow", {})).ok).to.equal(true);
    const { data: order } = await buyer.placeOrder({ holdId: converted, requestId: newRequestId() });

    expect(summary(await eventsOf(released))).to.deep.equal(["1 hold.placed", "2 hold.released"]);
    expect(summary(await eventsOf(expired))).to.deep.equal(["1 hold.placed", "2 hold.expired"]);
    const conversion = await eventsOf(converted);
    expect(summary(conversion)).to.deep.equal(["1 hold.placed", "2 hold.converted"]);
    expect(conversion[1]!.data.object).to.include({ status: "converted", orderId: order.orderId });
    expect(summary(await eventsOf(order.orderId))).to.deep.equal(["1 order.placed"]);
  });

  it("orders decided together in a hot product's batches: exactly one order.placed per confirmed order, none for refusals", async function () {
    const productId = uniqueId("ev-hot");
    await seedProduct(productId, { quantity: 25, name: "Hot" });
    const buyers = await Promise.all(Array.from({ length: 40 }, () => newBuyer()));
    try {
      const answers = await Promise.all(buyers.map((b) => attempt(b.placeOrder({ items: [{ productId, quantity: 1 }], requestId: newRequestId() }))));
      const confirmed = answers.filter((a) => a.ok).map((a) => a.value!.orderId);
      expect(confirmed).to.have.length(25);
      expect(answers.filter((a) => !a.ok).map((a) => a.details?.reason)).to.deep.equal(Array(15).fill("insufficient-stock"));
      const events = await shopDb().collection("events").where("resource.id", "in", confirmed).get();
      expect(events.docs.map((doc) => doc.get("type") as string)).to.deep.equal(Array(25).fill("order.placed"));
      expect(new Set(events.docs.map((doc) => doc.get("resource.id") as string)).size).to.equal(25);
      for (const orderId of confirmed.slice(0, 5)) expect(summary(await eventsOf(orderId))).to.deep.equal(["1 order.placed"]);
    } finally {
      await closeClients(buyers.map((b) => b.app));
    }
  });
});

describe("events outbox, orders combined in one instance's commits (allocate() in-process)", function () {
  this.timeout(120_000);
  const fft = functionsTest({ projectId: WRAPPED_PROJECT_ID });

  after(function () {
    fft.cleanup();
  });

  it("writes one order.placed per order decided together, in the commit that decides it", async function () {
    const productId = uniqueId("ev-together");
    await functionsDb().collection("products").doc(productId).set({ name: "Together", price: 500, currency: "EUR", quantity: 8, status: "in_stock" });
    const orderIds = Array.from({ length: 12 }, () => uniqueId("ev-order"));
    const allocations = await Promise.all(
      orderIds.map((id) => allocate({ kind: "order", id, uid: "buyer-events", email: "buyer@shop.test", requestId: `req-${id}`, items: [{ productId, quantity: 1 }] }, { maxAttempts: 10, budget: callBudget(60) })),
    );
    const confirmed = orderIds.filter((_, index) => allocations[index]?.verdict?.kind === "confirmed");
    expect(confirmed).to.have.length(8);
    // Fewer commits than orders: they were decided together.
    const sales = await functionsDb().collection("stockMovements").where("productId", "==", productId).get();
    expect(sales.size).to.be.below(8);
    const events = await functionsDb().collection("events").where("resource.id", "in", orderIds).get();
    expect(events.docs.map((doc) => `${doc.get("resource.id") as string} ${doc.get("sequence") as number} ${doc.get("type") as string}`).sort()).to.deep.equal(confirmed.map((id) => `${id} 1 order.placed`).sort());
  });
});
