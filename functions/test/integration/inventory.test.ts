// Admin stock operations and cancellations through the real callables, concurrent with
// sales, with the stock ledger re-derived at the end.
import { expect } from "chai";
import { Timestamp } from "firebase-admin/firestore";
import { checkLedger } from "../../src/stock/ledgerCheck";
import { attempt, callable, closeClients, newAdmin, newBuyer, newRequestId, type Buyer } from "../../../tools/testkit/buyers";
import { productState, shopDb, uniqueId } from "../../../tools/testkit/emulator";
import { smtp } from "./setup";

interface StockChange {
  productId: string;
  quantityBefore: number;
  quantity: number;
  status: string;
}

interface CancelResult {
  orderId: string;
  status: string;
  alreadyCancelled: boolean;
  returned: { productId: string; quantity: number }[];
}

describe("inventory operations (admin callables, cancellations, ledger)", function () {
  let admin: Buyer;
  let buyer: Buyer;
  let other: Buyer;
  const touched: string[] = [];

  before(async function () {
    [admin, buyer, other] = await Promise.all([newAdmin(), newBuyer(), newBuyer()]);
  });

  after(async function () {
    await closeClients([admin.app, buyer.app, other.app]);
  });

  const upsert = (who: Buyer, data: unknown) => attempt(callable<StockChange & { created: boolean }>(who.app, "upsertProduct")(data));
  const restock = (who: Buyer, data: unknown) => attempt(callable<StockChange>(who.app, "restockProduct")(data));
  const adjust = (who: Buyer, data: unknown) => attempt(callable<StockChange>(who.app, "adjustStock")(data));
  const cancel = (who: Buyer, data: unknown) => attempt(callable<CancelResult>(who.app, "cancelOrder")(data));

  it("lets admins create and edit products, and nobody else", async function () {
    const productId = uniqueId("upsert");
    touched.push(productId);
    const created = await upsert(admin, { productId, name: "Desk lamp", price: 3999, currency: "EUR", quantity: 7 });
    expect(created.value).to.include({ created: true, quantity: 7, status: "in_stock" });
    const edited = await upsert(admin, { productId, name: "Desk lamp XL", price: 4599, currency: "EUR" });
    expect(edited.value).to.include({ created: false, quantity: 7 });
    const stored = (await shopDb().collection("products").doc(productId).get()).data();
    expect(stored).to.deep.equal({ name: "Desk lamp XL", price: 4599, currency: "EUR", quantity: 7, status: "in_stock", onHand: 7, committed: 0, held: 0, lowStock: false, lowStockAt: [], locations: { default: { onHand: 7, committed: 0, held: 0 } }, alerts: {}, eventSequence: 2, revision: 2 });

    expect((await upsert(buyer, { productId, name: "Hacked", price: 1, currency: "EUR" })).code).to.equal("functions/permission-denied");
    for (const bad of [
      { productId, name: "X", price: 1.5, currency: "EUR" },
      { productId, name: "X", price: 100, currency: "EURO" },
      { productId: "a/b", name: "X", price: 100, currency: "EUR" },
      { productId, name: "", price: 100, currency: "EUR" },
      { productId, name: "X", price: 100, currency: "EUR", quantity: -1 },
      { productId, name: "X", price: 100, currency: "EUR", colour: "red" },
    ]) {
      expect((await upsert(admin, bad)).code, JSON.stringify(bad)).to.equal("functions/invalid-argument");
    }
    expect((await shopDb().collection("products").doc(productId).get()).data()).to.deep.equal(stored);
  });

  it("never changes stock on an edit: a quantity for an existing product is refused; a limit can be cleared", async function () {
    const productId = uniqueId("edit");
    touched.push(productId);
    await upsert(admin, { productId, name: "Lamp", price: 3999, currency: "EUR", quantity: 7, maxPerCustomer: 2 });
    const edited = await upsert(admin, { productId, name: "Lamp", price: 4599, currency: "EUR", quantity: 0 });
    expect([edited.code, edited.details]).to.deep.equal(["functions/failed-precondition", { reason: "quantity-not-editable", productId, quantity: 7 }]);
    expect(edited.message).to.match(/stock-take/);
    expect(await productState(productId)).to.deep.equal({ quantity: 7, status: "in_stock" });

    const cleared = await upsert(admin, { productId, name: "Lamp", price: 4599, currency: "EUR", maxPerCustomer: null });
    expect(cleared.value).to.include({ created: false, quantityBefore: 7, quantity: 7 });
    expect((await shopDb().collection("products").doc(productId).get()).data()).to.deep.equal({ name: "Lamp", price: 4599, currency: "EUR", quantity: 7, status: "in_stock", onHand: 7, committed: 0, held: 0, lowStock: false, lowStockAt: [], locations: { default: { onHand: 7, committed: 0, held: 0 } }, alerts: {}, eventSequence: 2, revision: 2 });
    const movements = await shopDb().collection("stockMovements").where("productId", "==", productId).get();
    expect(movements.docs.map((doc) => doc.get("cause") as string)).to.deep.equal(["create"]);
  });

  it("takes stock with held units counted: what is left to sell is the count less the holds", async function () {
    const productId = uniqueId("count");
    touched.push(productId);
    await upsert(admin, { productId, name: "Tea tin", price: 1200, currency: "EUR", quantity: 10 });
    const held = await attempt(callable<{ holdId: string }>(buyer.app, "holdStock")({ items: [{ productId, quantity: 5 }], requestId: newRequestId() }));
    expect(held.ok, JSON.stringify(held)).to.equal(true);

    // Staff count all 10 on the shelf, the 5 on hold among them.
    const counted = await adjust(admin, { productId, quantity: 10, reason: "stock-take" });
    expect(counted.value).to.include({ quantityBefore: 5, quantity: 5, held: 5, counted: 10 });
    const tooFew = await adjust(admin, { productId, quantity: 3, reason: "stock-take" });
    expect([tooFew.code, tooFew.details]).to.deep.equal(["functions/failed-precondition", { reason: "count-below-promised", productId, counted: 3, committed: 0, held: 5 }]);

    // The hold ends: its 5 go back, and the shop has the 10 it counted, not 15.
    await shopDb().collection("holds").doc(held.value!.holdId).update({ expiresAt: Timestamp.fromMillis(Date.now() - 1000) });
    await callable(admin.app, "sweepHoldsNow")({});
    const product = (await shopDb().collection("products").doc(productId).get()).data();
    expect(product).to.include({ quantity: 10, held: 0 });
  });

  it("restocks and adjusts, flipping status back to in_stock, with clear errors", async function () {
    const productId = uniqueId("restock");
    touched.push(productId);
    await upsert(admin, { productId, name: "Kettle", price: 2500, currency: "EUR", quantity: 1 });
    await buyer.placeOrder({ items: [{ productId, quantity: 1 }], requestId: newRequestId() });
    expect(await productState(productId)).to.deep.equal({ quantity: 0, status: "out_of_stock" });

    expect((await restock(admin, { productId, add: 4, reason: "delivery" })).value).to.include({ quantityBefore: 0, quantity: 4, status: "in_stock" });
    // The shelf holds the 4 new units and the 1 sold but not shipped yet; staff find 2 broken.
    expect((await adjust(admin, { productId, quantity: 3, reason: "two broken in the warehouse" })).value).to.include({ quantity: 2, onHand: 3, committed: 1 });
    expect(await productState(productId)).to.deep.equal({ quantity: 2, status: "in_stock" });

    expect((await adjust(admin, { productId, quantity: 3 })).code, "reason required").to.equal("functions/invalid-argument");
    expect((await restock(admin, { productId, add: 0 })).code).to.equal("functions/invalid-argument");
    expect((await restock(admin, { productId: uniqueId("missing"), add: 1 })).code).to.equal("functions/not-found");
    expect((await restock(buyer, { productId, add: 1 })).code).to.equal("functions/permission-denied");
    expect(await productState(productId)).to.deep.equal({ quantity: 2, status: "in_stock" });
  });

  it("loses no unit when restocks race a sell-out", async function () {
    this.timeout(240_000);
    const productId = uniqueId("race");
    touched.push(productId);
    await upsert(admin, { productId, name: "Sneakers", price: 8900, currency: "EUR", quantity: 10 });
    const buyers = await Promise.all(Array.from({ length: 24 }, () => newBuyer()));
    try {
      const [orders, restocks] = await Promise.all([
        Promise.all(buyers.map((b) => attempt(b.placeOrder({ items: [{ productId, quantity: 1 }], requestId: newRequestId() })))),
        Promise.all(Array.from({ length: 4 }, () => restock(admin, { productId, add: 5, reason: "flash restock" }))),
      ]);
      expect(restocks.filter((r) => !r.ok).map((r) => r.code)).to.deep.equal([]);
      expect(orders.filter((o) => !o.ok && o.code !== "functions/failed-precondition").map((o) => o.code)).to.deep.equal([]);
      const sold = orders.filter((o) => o.ok).length;
      const { quantity } = await productState(productId);
      // Every unit added is sold or still in stock.
      expect(sold + quantity).to.equal(10 + 4 * 5);
    } finally {
      await closeClients(buyers.map((b) => b.app));
    }
  });

  it("cancels an order once: units back, who/when/why recorded, the buyer emailed", async function () {
    this.timeout(120_000);
    const productId = uniqueId("cancel");
    touched.push(productId);
    await upsert(admin, { productId, name: "Backpack", price: 5900, currency: "EUR", quantity: 5 });
    const { data } = await buyer.placeOrder({ items: [{ productId, quantity: 2 }], requestId: newRequestId() });
    expect(await productState(productId)).to.include({ quantity: 3 });

    expect((await cancel(other, { orderId: data.orderId, reason: "changed-mind" })).code, "another buyer").to.equal("functions/not-found");
    expect((await cancel(buyer, { orderId: data.orderId })).code, "reason required").to.equal("functions/invalid-argument");
    const freeText = await cancel(buyer, { orderId: data.orderId, reason: "changed my mind" });
    expect(freeText.code, "a reason is a code from the list").to.equal("functions/invalid-argument");
    expect(freeText.message).to.contain('reason: one of changed-mind, ordered-by-mistake, found-better-price, delivery-too-slow, customer-request, out-of-stock, payment-problem, suspected-fraud, shop-error, other (your own words go in "note")');

    const shopsWords = await cancel(buyer, { orderId: data.orderId, reason: "suspected-fraud" });
    expect([shopsWords.code, shopsWords.details?.reason], "a buyer can't speak for the shop").to.deep.equal(["functions/invalid-argument", "invalid-request"]);

    const first = await cancel(buyer, { orderId: data.orderId, reason: "changed-mind", note: "Found it in my size elsewhere. Visit http://evil.test/refund" });
    expect(first.value).to.deep.include({ status: "cancelled", alreadyCancelled: false, returned: [{ productId, quantity: 2 }] });
    const [second, byAdmin] = await Promise.all([
      cancel(buyer, { orderId: data.orderId, reason: "other" }),
      cancel(admin, { orderId: data.orderId, reason: "customer-request" }),
    ]);
    expect(second.value).to.include({ alreadyCancelled: true });
    expect(byAdmin.value).to.include({ alreadyCancelled: true });
    expect(await productState(productId)).to.deep.equal({ quantity: 5, status: "in_stock" });

    const order = (await shopDb().collection("orders").doc(data.orderId).get()).data();
    expect(order?.status).to.equal("cancelled");
    expect(order?.cancellation).to.include({ by: buyer.uid, role: "buyer", reason: "changed-mind", note: "Found it in my size elsewhere. Visit http://evil.test/refund" });
    expect((order?.cancellation as { at: unknown }).at).to.be.instanceOf(Timestamp);

    const mails = await smtp.waitForOrder(data.orderId, 2);
    const notices = mails.filter((mail) => /cancelled/.test(mail.subject));
    expect(notices, "one cancellation email").to.have.length(1);
    expect(notices[0]!.to).to.deep.equal([buyer.email]);
    // The shop's words for the reason; never the buyer's own text.
    expect(notices[0]!.text).to.contain("Reason: You changed your mind.");
    for (const part of [notices[0]!.subject, notices[0]!.text, notices[0]!.html]) expect(part).to.not.contain("evil.test");
  });

  it("lets a buyer cancel only within the window; admins any time", async function () {
    const productId = uniqueId("window");
    touched.push(productId);
    await upsert(admin, { productId, name: "Scarf", price: 1900, currency: "EUR", quantity: 4 });
    const { data } = await buyer.placeOrder({ items: [{ productId, quantity: 1 }], requestId: newRequestId() });
    // Backdate the order past the 30-minute window.
    await shopDb().collection("orders").doc(data.orderId).update({ createdAt: Timestamp.fromMillis(Date.now() - 31 * 60_000) });
    const late = await cancel(buyer, { orderId: data.orderId, reason: "changed-mind" });
    expect(late.code).to.equal("functions/failed-precondition");
    expect(late.details).to.include({ reason: "cancel-window-passed" });
    expect(await productState(productId)).to.include({ quantity: 3 });
    const byAdmin = await cancel(admin, { orderId: data.orderId, reason: "customer-request", note: "goodwill" });
    expect(byAdmin.value).to.include({ alreadyCancelled: false });
    expect(await productState(productId)).to.include({ quantity: 4 });
  });

  it("keeps safety stock back from sale and flags low stock at the reorder point, with the ledger following", async function () {
    const productId = uniqueId("safety");
    touched.push(productId);
    const created = await upsert(admin, { productId, name: "Filter papers", price: 650, currency: "EUR", quantity: 10, safetyStock: 2, reorderPoint: 4 });
    expect(created.value).to.include({ quantity: 8, onHand: 10 });
    expect(await shopDb().collection("products").doc(productId).get().then((p) => p.data())).to.include({ quantity: 8, safetyStock: 2, reorderPoint: 4, lowStock: false });
    const refused = await attempt(buyer.placeOrder({ items: [{ productId, quantity: 9 }], requestId: newRequestId() }));
    expect(refused.details).to.include({ reason: "insufficient-stock", available: 8 });
    await buyer.placeOrder({ items: [{ productId, quantity: 4 }], requestId: newRequestId() });
    expect(await shopDb().collection("products").doc(productId).get().then((p) => p.data())).to.include({ quantity: 4, committed: 4, lowStock: true });

    // Less kept back: more to sell, no longer low; the ledger records the change.
    const eased = await upsert(admin, { productId, name: "Filter papers", price: 650, currency: "EUR", safetyStock: null });
    expect(eased.value).to.include({ quantityBefore: 4, quantity: 6 });
    expect(await shopDb().collection("products").doc(productId).get().then((p) => p.data())).to.include({ quantity: 6, lowStock: false }).and.not.have.property("safetyStock");
    const cleared = await upsert(admin, { productId, name: "Filter papers", price: 650, currency: "EUR", reorderPoint: null, safetyStock: 7 });
    expect(cleared.value).to.include({ quantity: 0, status: "out_of_stock" });
    expect((await upsert(admin, { productId, name: "Filter papers", price: 650, currency: "EUR", reorderPoint: -1 })).code).to.equal("functions/invalid-argument");
  });

  it("re-derives every touched product's stock from its ledger", async function () {
    const reports = await checkLedger(shopDb(), touched);
    for (const report of reports) expect(report.problems, report.productId).to.deep.equal([]);
    expect(reports.every((r) => r.movements > 0)).to.equal(true);
  });
});
