// Shipping orders end to end on the emulators with the real client SDK and a real SMTP sink:
// stock in buckets (on hand, committed, held) through orders, shipments, cancellations and
// stock-takes; one shipment email per shipment; retries never ship twice; a shipment racing a
// cancellation neither loses units nor counts them twice; the ledger adds up per bucket.
import { expect } from "chai";
import { connectFirestoreEmulator, doc, getDoc, getFirestore, type Firestore } from "firebase/firestore";
import { Timestamp } from "firebase-admin/firestore";
import { smtp } from "./setup";
import { checkLedger } from "../../src/stock/ledgerCheck";
import { attempt, callable, closeClients, newAdmin, newBuyer, newRequestId, newStaff, type Buyer } from "../../../tools/testkit/buyers";
import { FIRESTORE_HOST, seedProduct, shopDb, uniqueId } from "../../../tools/testkit/emulator";
import type { FulfillOrderResult, ReturnItemsResult } from "../../src/orders/fulfilmentSchemas";
import type { CancelOrderResult } from "../../src/orders/cancelOrderSchema";
import type { HoldResult } from "../../src/model/holdDocument";

describe("fulfilment (shipments, buckets, shipment emails)", function () {
  this.timeout(120_000);
  let admin: Buyer;
  let packer: Buyer;
  let buyer: Buyer;
  const touched: string[] = [];
  const address = { name: "Alex Example", lines: ["12 Sample Street"], city: "Berlin", postalCode: "10115", country: "DE" };

  before(async function () {
    [admin, packer, buyer] = await Promise.all([newAdmin(), newStaff({ fulfilment: true }), newBuyer()]);
  });

  after(async function () {
    await closeClients([admin.app, packer.app, buyer.app]);
  });

  const ship = (who: Buyer, data: unknown) => attempt(callable<FulfillOrderResult>(who.app, "fulfillOrder")(data));
  const takeBack = (who: Buyer, data: unknown) => attempt(callable<ReturnItemsResult>(who.app, "returnItems")(data));
  const cancel = (who: Buyer, data: unknown) => attempt(callable<CancelOrderResult>(who.app, "cancelOrder")(data));
  const adjust = (data: unknown) => attempt(callable<Record<string, unknown>>(admin.app, "adjustStock")(data));
  const stock = async (productId: string) => {
    const data = (await shopDb().collection("products").doc(productId).get()).data() ?? {};
    return { quantity: data.quantity as number, onHand: data.onHand as number, committed: data.committed as number, held: data.held as number };
  };
  const orderOf = async (orderId: string) => (await shopDb().collection("orders").doc(orderId).get()).data() ?? {};
  const newProduct = async (name: string, quantity: number) => {
    const productId = uniqueId("ship");
    touched.push(productId);
    await seedProduct(productId, { name, quantity });
    return productId;
  };
  const firestoreOf = (of: Buyer): Firestore => {
    const db = getFirestore(of.app);
    const [host, port] = FIRESTORE_HOST.split(":");
    connectFirestoreEmulator(db, host ?? "127.0.0.1", Number(port));
    return db;
  };

  it("ships part of an order, then the rest: committed and on hand fall together, one email per shipment with its tracking", async function () {
    const [mugs, plates] = [await newProduct("Mug", 10), await newProduct("Plate", 4)];
    const { data: order } = await buyer.placeOrder({ items: [{ productId: mugs, quantity: 3 }, { productId: plates, quantity: 2 }], requestId: newRequestId(), shippingAddress: address });
    expect(await stock(mugs)).to.deep.equal({ quantity: 7, onHand: 10, committed: 3, held: 0 });

    // Only shop staff ship, and a shipment that doesn't fit changes nothing.
    const requestId = newRequestId();
    const first = { orderId: order.orderId, requestId, lines: [{ productId: mugs, quantity: 2 }], carrier: "DHL", trackingNumber: "JD0146 0001 2345" };
    expect((await ship(buyer, first)).details).to.deep.equal({ reason: "fulfilment-role-required" });
    const tooMany = await ship(packer, { ...first, requestId: newRequestId(), lines: [{ productId: mugs, quantity: 4 }] });
    expect([tooMany.code, tooMany.details]).to.deep.equal(["functions/failed-precondition", { reason: "fulfil-too-many", orderId: order.orderId, productId: mugs, requested: 4, unshipped: 3 }]);
    expect(tooMany.message).to.contain("Only 3 of");
    for (const bad of [{ ...first, trackingNumber: "<script>" }, { ...first, carrier: "DHL\nBcc: x@y" }, { ...first, lines: [] }, { ...first, requestId: "short" }, { ...first, colour: "red" }]) {
      expect((await ship(packer, bad)).code, JSON.stringify(bad)).to.equal("functions/invalid-argument");
    }
    expect(await stock(mugs)).to.deep.equal({ quantity: 7, onHand: 10, committed: 3, held: 0 });

    const shipped = await ship(packer, first);
    expect(shipped.value).to.deep.include({ orderId: order.orderId, status: "partially_fulfilled", replayed: false });
    expect(await stock(mugs)).to.deep.equal({ quantity: 7, onHand: 8, committed: 1, held: 0 });
    // A retry (the answer was lost) finds the shipment; the same requestId for other lines is refused.
    expect((await ship(packer, first)).value).to.deep.include({ fulfilmentId: shipped.value?.fulfilmentId, replayed: true });
    expect((await ship(packer, { ...first, lines: [{ productId: mugs, quantity: 1 }] })).details).to.include({ reason: "request-id-reused" });
    expect(await stock(mugs)).to.deep.equal({ quantity: 7, onHand: 8, committed: 1, held: 0 });

    const partMail = (await smtp.waitForOrder(order.orderId, 2)).filter((mail) => /shipped/.test(mail.subject));
    expect(partMail.map((mail) => mail.subject)).to.have.length(1);
    expect(partMail[0]?.subject).to.contain("has partly shipped");
    expect(partMail[0]?.text).to.contain("2 x Mug").and.contain("Carrier: DHL").and.contain("Tracking number: JD0146 0001 2345").and.contain("Ships to:\nAlex Example");

    // The buyer sees the shipment in their own order and its shipment document (rules).
    const own = await getDoc(doc(firestoreOf(buyer), "orders", order.orderId));
    expect(own.get("status")).to.equal("partially_fulfilled");
    expect(own.get("fulfilment")).to.deep.include({ shipped: { [mugs]: 2 }, shipments: 1, carrier: "DHL", trackingNumber: "JD0146 0001 2345" });
    const shipmentDoc = await getDoc(doc(firestoreOf(buyer), "orders", order.orderId, "fulfilments", shipped.value!.fulfilmentId));
    expect(shipmentDoc.get("trackingNumber")).to.equal("JD0146 0001 2345");

    // The rest (no lines: everything left) completes the order.
    const rest = await ship(admin, { orderId: order.orderId, requestId: newRequestId(), trackingNumber: "JD0146 0001 9999" });
    expect(rest.value?.lines.map((line) => [line.productId, line.quantity])).to.deep.equal([[mugs, 1], [plates, 2]]);
    expect(rest.value?.status).to.equal("fulfilled");
    expect(await stock(mugs)).to.deep.equal({ quantity: 7, onHand: 7, committed: 0, held: 0 });
    expect(await stock(plates)).to.deep.equal({ quantity: 2, onHand: 2, committed: 0, held: 0 });
    const mails = (await smtp.waitForOrder(order.orderId, 3)).filter((mail) => /shipped/.test(mail.subject));
    expect(mails.map((mail) => mail.subject.replace(/.*order \S+ /, "")).sort()).to.deep.equal(["has partly shipped", "has shipped"]);

    const again = await ship(packer, { orderId: order.orderId, requestId: newRequestId() });
    expect(again.details).to.deep.equal({ reason: "order-not-fulfillable", orderId: order.orderId, status: "fulfilled" });
    const late = await cancel(admin, { orderId: order.orderId, reason: "customer-request" });
    expect(late.details).to.include({ reason: "order-shipped", unshipped: 0 });
    expect(late.message).to.contain("return its items");
  });

  it("cancels only what has not shipped: the buyer can't once anything shipped, the shop releases the rest and says what shipped", async function () {
    const lamps = await newProduct("Lamp", 6);
    const { data: order } = await buyer.placeOrder({ items: [{ productId: lamps, quantity: 4 }], requestId: newRequestId() });
    await ship(packer, { orderId: order.orderId, requestId: newRequestId(), lines: [{ productId: lamps, quantity: 1 }] });

    const byBuyer = await cancel(buyer, { orderId: order.orderId, reason: "changed-mind" });
    expect(byBuyer.details).to.deep.equal({ reason: "order-shipped", orderId: order.orderId, shipped: 1, unshipped: 3 });
    const byShop = await cancel(admin, { orderId: order.orderId, reason: "out-of-stock" });
    expect(byShop.value).to.deep.include({ alreadyCancelled: false, returned: [{ productId: lamps, quantity: 3 }] });
    expect(await stock(lamps)).to.deep.equal({ quantity: 5, onHand: 5, committed: 0, held: 0 });
    expect((await orderOf(order.orderId)).cancellation).to.deep.include({ released: [{ productId: lamps, quantity: 3 }] });

    const notice = (await smtp.waitForOrder(order.orderId, 3)).find((mail) => /cancelled/.test(mail.subject));
    expect(notice?.text).to.contain("Already shipped, and still on its way to you:\n- 1 x Lamp");
    expect((await ship(packer, { orderId: order.orderId, requestId: newRequestId() })).details).to.include({ reason: "order-not-fulfillable", status: "cancelled" });
  });

  it("counts the shelf: a stock-take sets on hand with committed and held on it, and a shortfall needs saying so", async function () {
    const kettles = await newProduct("Kettle", 10);
    await buyer.placeOrder({ items: [{ productId: kettles, quantity: 3 }], requestId: newRequestId() });
    const held = await attempt(callable<HoldResult>(buyer.app, "holdStock")({ items: [{ productId: kettles, quantity: 2 }], requestId: newRequestId() }));
    expect(held.ok, JSON.stringify(held)).to.equal(true);
    expect(await stock(kettles)).to.deep.equal({ quantity: 5, onHand: 10, committed: 3, held: 2 });

    // Staff find 9: one unit is gone; the 3 sold and 2 held are still on the shelf.
    expect((await adjust({ productId: kettles, quantity: 9, reason: "stock-take" })).value).to.include({ quantityBefore: 5, quantity: 4, onHand: 9, committed: 3, held: 2, counted: 9 });
    const short = await adjust({ productId: kettles, quantity: 4, reason: "stock-take" });
    expect([short.code, short.details]).to.deep.equal(["functions/failed-precondition", { reason: "count-below-promised", productId: kettles, counted: 4, committed: 3, held: 2 }]);
    expect(short.message).to.contain("3 for orders not shipped yet, 2 on checkout holds");
    expect(await stock(kettles)).to.deep.equal({ quantity: 4, onHand: 9, committed: 3, held: 2 });
    expect((await adjust({ productId: kettles, quantity: 4, reason: "flood", acceptShortfall: true })).value).to.include({ quantity: 0, onHand: 4, status: "out_of_stock" });

    // The hold ends: still nothing to sell, since the shelf can't cover what was promised.
    await shopDb().collection("holds").doc(held.value!.holdId).update({ expiresAt: Timestamp.fromMillis(Date.now() - 1000) });
    await callable(admin.app, "sweepHoldsNow")({});
    expect(await stock(kettles)).to.deep.equal({ quantity: 1, onHand: 4, committed: 3, held: 0 });
  });

  it("ships and cancels orders placed before committed stock existed without counting their units twice", async function () {
    const jars = await newProduct("Jar", 8);
    // Two orders as the previous version wrote them: units out of `quantity`, in no bucket.
    const legacy = async (units: number) => {
      const ref = shopDb().collection("orders").doc(uniqueId("legacy"));
      await ref.set({ uid: buyer.uid, email: buyer.email, items: [{ productId: jars, name: "Jar", quantity: units, unitPrice: 500 }], total: units * 500, currency: "EUR", status: "confirmed", requestId: newRequestId(), createdAt: Timestamp.now(), confirmation: { status: "sent", attempts: 1 } });
      return ref.id;
    };
    const [shipMe, cancelMe] = [await legacy(2), await legacy(1)];
    await shopDb().collection("products").doc(jars).update({ quantity: 5 });
    // Read as on hand = quantity (5): the 3 legacy units are in no bucket yet.
    expect((await ship(packer, { orderId: shipMe, requestId: newRequestId() })).value?.status).to.equal("fulfilled");
    expect(await stock(jars)).to.deep.equal({ quantity: 5, onHand: 5, committed: 0, held: 0 });
    expect((await cancel(admin, { orderId: cancelMe, reason: "customer-request" })).value?.returned).to.deep.equal([{ productId: jars, quantity: 1 }]);
    expect(await stock(jars)).to.deep.equal({ quantity: 6, onHand: 6, committed: 0, held: 0 });
    const causes = (await shopDb().collection("stockMovements").where("productId", "==", jars).orderBy("at").get()).docs.map((movement) => movement.get("cause") as string);
    expect(causes).to.deep.equal(["fulfil", "cancel"]);
  });

  it("a shipment racing a cancellation: one wins, units neither lost nor counted twice", async function () {
    const cups = await newProduct("Cup", 20);
    const orders = await Promise.all(Array.from({ length: 6 }, () => buyer.placeOrder({ items: [{ productId: cups, quantity: 2 }], requestId: newRequestId() })));
    const outcomes = await Promise.all(
      orders.map(async ({ data }) => {
        const [shipped, cancelled] = await Promise.all([ship(packer, { orderId: data.orderId, requestId: newRequestId() }), cancel(admin, { orderId: data.orderId, reason: "customer-request" })]);
        return { shipped: shipped.ok, cancelled: cancelled.ok, status: (await orderOf(data.orderId)).status as string, refusals: [shipped.details?.reason, cancelled.details?.reason].filter(Boolean) };
      }),
    );
    for (const outcome of outcomes) {
      expect(outcome.shipped !== outcome.cancelled, JSON.stringify(outcome)).to.equal(true);
      expect(outcome.status).to.equal(outcome.shipped ? "fulfilled" : "cancelled");
      expect(outcome.refusals).to.have.length(1);
    }
    const shippedUnits = 2 * outcomes.filter((outcome) => outcome.shipped).length;
    // Shipped units left the shelf; cancelled ones are for sale again; nothing is committed.
    expect(await stock(cups)).to.deep.equal({ quantity: 20 - shippedUnits, onHand: 20 - shippedUnits, committed: 0, held: 0 });
  });

  it("takes returns back: restocked units for sale again, damaged ones written off, never more than shipped", async function () {
    const boots = await newProduct("Boots", 6);
    const { data: order } = await buyer.placeOrder({ items: [{ productId: boots, quantity: 3 }], requestId: newRequestId() });
    const early = await takeBack(packer, { orderId: order.orderId, requestId: newRequestId(), lines: [{ productId: boots, quantity: 1 }], restock: true });
    expect(early.details).to.deep.equal({ reason: "return-too-many", orderId: order.orderId, productId: boots, requested: 1, returnable: 0 });
    await ship(packer, { orderId: order.orderId, requestId: newRequestId() });
    expect(await stock(boots)).to.deep.equal({ quantity: 3, onHand: 3, committed: 0, held: 0 });

    expect((await takeBack(buyer, { orderId: order.orderId, requestId: newRequestId(), lines: [{ productId: boots, quantity: 1 }], restock: true })).details).to.deep.equal({ reason: "fulfilment-role-required" });
    const requestId = newRequestId();
    const resold = await takeBack(packer, { orderId: order.orderId, requestId, lines: [{ productId: boots, quantity: 2 }], restock: true, reason: "wrong size" });
    expect(resold.value).to.deep.include({ restock: true, replayed: false });
    expect(await stock(boots)).to.deep.equal({ quantity: 5, onHand: 5, committed: 0, held: 0 });
    // A retry finds the return; the same requestId for something else is refused.
    expect((await takeBack(packer, { orderId: order.orderId, requestId, lines: [{ productId: boots, quantity: 2 }], restock: true })).value?.replayed).to.equal(true);
    expect((await takeBack(packer, { orderId: order.orderId, requestId, lines: [{ productId: boots, quantity: 2 }], restock: false })).details).to.include({ reason: "request-id-reused" });

    const tooMany = await takeBack(admin, { orderId: order.orderId, requestId: newRequestId(), lines: [{ productId: boots, quantity: 2 }], restock: false });
    expect(tooMany.details).to.include({ reason: "return-too-many", returnable: 1 });
    expect(tooMany.message).to.contain("Only 1 of");
    const damaged = await takeBack(admin, { orderId: order.orderId, requestId: newRequestId(), lines: [{ productId: boots, quantity: 1 }], restock: false, reason: "sole came off" });
    expect(damaged.value?.restock).to.equal(false);
    expect(await stock(boots)).to.deep.equal({ quantity: 5, onHand: 5, committed: 0, held: 0 });
    expect((await orderOf(order.orderId)).returns).to.deep.equal({ returned: { [boots]: 3 }, restocked: { [boots]: 2 }, returns: 2 });
    const writeOff = (await shopDb().collection("stockMovements").where("productId", "==", boots).where("cause", "==", "write-off").get()).docs[0]?.data();
    expect(writeOff).to.include({ writtenOff: 1, reason: "sole came off" });
    // The buyer reads their own returns (rules), as they read their shipments.
    const own = await getDoc(doc(firestoreOf(buyer), "orders", order.orderId, "returns", resold.value!.returnId));
    expect(own.get("restock")).to.equal(true);
  });

  it("re-derives every touched product's stock, bucket by bucket, from its ledger", async function () {
    const reports = await checkLedger(shopDb(), touched);
    for (const report of reports) expect(report.problems, report.productId).to.deep.equal([]);
  });
});
