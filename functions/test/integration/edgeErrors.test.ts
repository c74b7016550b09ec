// Every callable answers with `details.reason`, whatever goes wrong behind it, and never tells a
// buyer more than they can act on: documents broken behind the backend's back (a hold, an
// order, an allocator marker, a product typed into the console) give a typed server error or
// refusal, and strict input checks apply to every callable.
import { expect } from "chai";
import { Timestamp } from "firebase-admin/firestore";
import { attempt, callable, closeClients, newAdmin, newBuyer, newRequestId, type Buyer } from "../../../tools/testkit/buyers";
import { shopDb, uniqueId } from "../../../tools/testkit/emulator";

describe("errors at the edge (emulators, real callables)", function () {
  this.timeout(60_000);
  let buyer: Buyer;
  let admin: Buyer;

  before(async function () {
    [buyer, admin] = await Promise.all([newBuyer(), newAdmin()]);
  });

  after(async function () {
    await closeClients([buyer.app, admin.app]);
  });

  const expectServerError = (outcome: { code?: string; message?: string; details?: Record<string, unknown> }, what: string) => {
    expect([outcome.code, outcome.details?.reason], `${what}: ${outcome.message}`).to.deep.equal(["functions/internal", "server-error"]);
    expect(outcome.message).to.be.a("string").and.not.match(/TypeError|undefined|stack|\.js/);
  };

  it("sweepHoldsNow refuses input it doesn't know, like every other callable", async function () {
    const sweep = callable(admin.app, "sweepHoldsNow");
    const refused = await attempt(sweep({ olderThan: 5 }));
    expect([refused.code, refused.details?.reason]).to.deep.equal(["functions/invalid-argument", "invalid-request"]);
    expect((await attempt(sweep({}))).ok).to.equal(true);
  });

  it("answers server-error with a reason for a broken hold, order or allocator marker", async function () {
    const holdId = uniqueId("broken-hold");
    await shopDb()
      .collection("holds")
      .doc(holdId)
      .set({ uid: buyer.uid, email: "x@y.test", items: "garbage", status: "active", expiresAt: Timestamp.fromMillis(Date.now() + 600_000) });
    expectServerError(await attempt(buyer.placeOrder({ holdId, requestId: newRequestId() })), "placeOrder from a broken hold");
    expectServerError(await attempt(callable(buyer.app, "releaseHold")({ holdId })), "releaseHold of a broken hold");

    const orderId = uniqueId("broken-order");
    await shopDb()
      .collection("orders")
      .doc(orderId)
      .set({ uid: buyer.uid, email: "x@y.test", items: "garbage", status: "confirmed", createdAt: Timestamp.now(), confirmation: { status: "sent", attempts: 1 } });
    expectServerError(await attempt(callable(buyer.app, "cancelOrder")({ orderId, reason: "changed-mind" })), "cancelOrder of a broken order");

    const productId = uniqueId("broken-lease");
    await shopDb().collection("products").doc(productId).set({ name: "Lamp", price: 100, currency: "EUR", quantity: 5, status: "in_stock" });
    await shopDb().collection("products").doc(productId).collection("allocator").doc("lease").set({ expiresAt: "soon" });
    expectServerError(await attempt(callable(buyer.app, "holdStock")({ items: [{ productId, quantity: 1 }], requestId: newRequestId() })), "holdStock with a broken marker");

    // Other suites read every order and hold: leave nothing broken behind.
    await Promise.all([
      shopDb().collection("holds").doc(holdId).delete(),
      shopDb().collection("orders").doc(orderId).delete(),
      shopDb().collection("products").doc(productId).collection("allocator").doc("lease").delete(),
    ]);
  });

  it("tells the buyer a misconfigured product can't be sold now, without the catalog's schema problems", async function () {
    const productId = uniqueId("typo");
    await shopDb().collection("products").doc(productId).set({ name: "Typo", price: "12", currency: "EUR", quantity: 5, status: "in_stock" });
    for (const [name, call] of [
      ["placeOrder", () => buyer.placeOrder({ items: [{ productId, quantity: 1 }], requestId: newRequestId() })],
      ["holdStock", () => callable(buyer.app, "holdStock")({ items: [{ productId, quantity: 1 }], requestId: newRequestId() })],
    ] as const) {
      const refused = await attempt(call());
      expect(refused.code, name).to.equal("functions/failed-precondition");
      expect(refused.details, name).to.deep.equal({ reason: "product-misconfigured", productId });
      expect(refused.message, name).to.not.match(/price|expected|number|string/i);
    }
  });
});
