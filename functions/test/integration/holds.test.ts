// Checkout holds against the emulators, through the real `firebase` client SDK: units are
// reserved at once, a hold becomes an order exactly once and never for lack of stock, ends by
// release, sweep or lazy expiry with its units back exactly once, and never both expires and
// becomes an order.
import { expect } from "chai";
import { Timestamp } from "firebase-admin/firestore";
import { attempt, callable, closeClients, newAdmin, newBuyer, newRequestId, type Buyer } from "../../../tools/testkit/buyers";
import { seedProduct, shopDb, uniqueId } from "../../../tools/testkit/emulator";
import type { HoldResult } from "../../src/model/holdDocument";
import type { HoldSweepSummary } from "../../src/orders/holdSchemas";
import { checkLedger } from "../../src/stock/ledgerCheck";

type Line = { productId: string; quantity: number };

describe("checkout holds (emulators)", function () {
  this.timeout(180_000);
  let alice: Buyer;
  let bob: Buyer;
  let admin: Buyer;
  const racers: Buyer[] = [];

  before(async function () {
    [alice, bob, admin] = await Promise.all([newBuyer(), newBuyer(), newAdmin()]);
  });

  after(async function () {
    await closeClients([alice.app, bob.app, admin.app, ...racers.map((b) => b.app)]);
  });

  const hold = (buyer: Buyer, items: Line[], requestId = newRequestId()) => attempt(callable<HoldResult>(buyer.app, "holdStock")({ items, requestId }));
  const orderFromHold = (buyer: Buyer, holdId: string, requestId = newRequestId()) => attempt(buyer.placeOrder({ holdId, requestId }));
  const release = (buyer: Buyer, holdId: string) => attempt(callable<HoldResult>(buyer.app, "releaseHold")({ holdId }));
  const sweep = () => attempt(callable<HoldSweepSummary>(admin.app, "sweepHoldsNow")({}));
  const product = async (productId: string) => (await shopDb().collection("products").doc(productId).get()).data() as { quantity: number; held?: number; status: string };
  const holdDoc = async (holdId: string) => (await shopDb().collection("holds").doc(holdId).get()).data() as { status: string; orderId?: string };
  const causes = async (productId: string) =>
    (await shopDb().collection("stockMovements").where("productId", "==", productId).orderBy("at").get()).docs.map((doc) => `${doc.get("cause") as string} ${doc.get("delta") as number}`);
  const expireNow = (holdId: string, offsetMs = -1000) => shopDb().collection("holds").doc(holdId).update({ expiresAt: Timestamp.fromMillis(Date.now() + offsetMs) });

  it("reserves units at once: quantity drops, held rises, nobody else can buy them, and a replay is the same hold", async function () {
    const productId = uniqueId("teapot");
    await seedProduct(productId, { quantity: 5, price: 4500 });
    const requestId = newRequestId();
    const held = await hold(alice, [{ productId, quantity: 3 }], requestId);
    expect(held.ok, JSON.stringify(held)).to.equal(true);
    expect(held.value).to.include({ status: "active", total: 13500, currency: "EUR" });
    const minutes = (Date.parse(held.value!.expiresAt) - Date.now()) / 60_000;
    expect(minutes).to.be.within(9, 10.1);
    expect(await product(productId)).to.include({ quantity: 2, held: 3 });

    const refused = await attempt(bob.placeOrder({ items: [{ productId, quantity: 3 }], requestId: newRequestId() }));
    expect([refused.code, refused.details?.reason, refused.details?.available]).to.deep.equal(["functions/failed-precondition", "insufficient-stock", 2]);

    const replay = await hold(alice, [{ productId, quantity: 3 }], requestId);
    expect(replay.value?.holdId).to.equal(held.value!.holdId);
    expect(await product(productId)).to.include({ quantity: 2, held: 3 });
    expect(await causes(productId)).to.deep.equal(["hold -3"]);
  });

  it("turns a live hold into an order, never refused for stock, and only ever into one order", async function () {
    const productId = uniqueId("grinder");
    await seedProduct(productId, { quantity: 4, price: 12900 });
    const held = await hold(alice, [{ productId, quantity: 2 }]);
    // Holds may take half of the stock (HOLD_MAX_SHARE_PERCENT); another buyer takes the rest.
    expect((await attempt(bob.placeOrder({ items: [{ productId, quantity: 2 }], requestId: newRequestId() }))).ok).to.equal(true);
    expect(await product(productId)).to.include({ quantity: 0, held: 2, status: "out_of_stock" });

    const placed = await orderFromHold(alice, held.value!.holdId);
    expect(placed.ok, JSON.stringify(placed)).to.equal(true);
    expect(placed.value).to.include({ status: "confirmed", total: 25800 });
    expect(await product(productId)).to.include({ quantity: 0, held: 0 });
    expect(await holdDoc(held.value!.holdId)).to.include({ status: "converted", orderId: placed.value!.orderId });
    const order = (await shopDb().collection("orders").doc(placed.value!.orderId).get()).data();
    expect(order).to.include({ uid: alice.uid, holdId: held.value!.holdId, status: "confirmed" });

    const again = await orderFromHold(alice, held.value!.holdId);
    expect(again.value?.orderId).to.equal(placed.value!.orderId);
    const stranger = await orderFromHold(bob, held.value!.holdId);
    expect([stranger.code, stranger.details?.reason]).to.deep.equal(["functions/not-found", "hold-not-found"]);
    expect(await causes(productId)).to.deep.equal(["hold -2", "order -2", "order 0"]);
  });

  it("gives the units back at once on release; an order from the released hold is refused", async function () {
    const productId = uniqueId("kettle");
    await seedProduct(productId, { quantity: 8 });
    const held = await hold(alice, [{ productId, quantity: 4 }]);
    const released = await release(alice, held.value!.holdId);
    expect(released.value?.status).to.equal("released");
    expect(await product(productId)).to.include({ quantity: 8, held: 0, status: "in_stock" });
    expect((await release(alice, held.value!.holdId)).value?.status).to.equal("released");
    expect(await product(productId)).to.include({ quantity: 8, held: 0 });

    const refused = await orderFromHold(alice, held.value!.holdId);
    expect([refused.code, refused.details?.reason, refused.details?.state]).to.deep.equal(["functions/failed-precondition", "hold-expired", "released"]);
    expect(await causes(productId)).to.deep.equal(["hold -4", "release 4"]);
  });

  it("expires holds exactly once, by the sweep or lazily when an order finds one expired", async function () {
    const productId = uniqueId("scale");
    await seedProduct(productId, { quantity: 10 });
    const swept = await hold(alice, [{ productId, quantity: 3 }]);
    const lazy = await hold(bob, [{ productId, quantity: 2 }]);
    expect(await product(productId)).to.include({ quantity: 5, held: 5 });

    await expireNow(swept.value!.holdId);
    const first = await sweep();
    expect(first.value?.expired).to.be.at.least(1);
    expect(await holdDoc(swept.value!.holdId)).to.include({ status: "expired" });
    expect(await product(productId)).to.include({ quantity: 8, held: 2 });
    await sweep();
    expect(await product(productId)).to.include({ quantity: 8, held: 2 });
    const late = await orderFromHold(alice, swept.value!.holdId);
    expect([late.details?.reason, late.details?.state]).to.deep.equal(["hold-expired", "expired"]);

    await expireNow(lazy.value!.holdId);
    const refused = await orderFromHold(bob, lazy.value!.holdId);
    expect([refused.details?.reason, refused.details?.state]).to.deep.equal(["hold-expired", "expired"]);
    expect(await product(productId)).to.include({ quantity: 10, held: 0 });
    expect(await holdDoc(lazy.value!.holdId)).to.include({ status: "expired" });
    expect(await causes(productId)).to.deep.equal(["hold -3", "hold -2", "expire 3", "expire 2"]);
    const [report] = await checkLedger(shopDb(), [productId]);
    expect(report?.ok, report?.problems.join("; ")).to.equal(true);
  });

  it("counts held units against a per-customer limit, and gives them back when the hold ends unsold", async function () {
    const productId = uniqueId("limited");
    await shopDb().collection("products").doc(productId).set({ name: "Limited mug", price: 2000, currency: "EUR", quantity: 10, status: "in_stock", maxPerCustomer: 2 });
    const held = await hold(alice, [{ productId, quantity: 2 }]);
    const over = await attempt(alice.placeOrder({ items: [{ productId, quantity: 1 }], requestId: newRequestId() }));
    expect([over.details?.reason, over.details?.canBuy]).to.deep.equal(["per-customer-limit", 0]);
    await release(alice, held.value!.holdId);
    const ok = await attempt(alice.placeOrder({ items: [{ productId, quantity: 2 }], requestId: newRequestId() }));
    expect(ok.ok, JSON.stringify(ok)).to.equal(true);
  });

  it("never lets a hold both expire and become an order, raced at the moment of expiry", async function () {
    const productId = uniqueId("race");
    const initial = 60;
    await seedProduct(productId, { quantity: initial });
    let sold = 0;
    // Ten buyers, one hold each per round (a buyer may have HOLD_MAX_ACTIVE_PER_BUYER at once).
    const buyers = await Promise.all(Array.from({ length: 10 }, () => newBuyer()));
    racers.push(...buyers);
    for (let round = 0; round < 3; round++) {
      const holds = await Promise.all(Array.from({ length: 10 }, (_, i) => hold(buyers[i]!, [{ productId, quantity: 1 + (i % 2) }])));
      expect(holds.every((h) => h.ok), JSON.stringify(holds.find((h) => !h.ok))).to.equal(true);
      // Expiry lands around now, a little before or after each hold's order arrives.
      await Promise.all(holds.map((h, i) => expireNow(h.value!.holdId, (i % 5) * 60 - 120)));
      const owners = holds.map((_, i) => buyers[i]!);
      // As the client package does: "busy" (no decision) is retried with the same request.
      const decide = async (buyer: Buyer, holdId: string) => {
        const requestId = newRequestId();
        for (let tries = 0; ; tries++) {
          const answer = await orderFromHold(buyer, holdId, requestId);
          if (answer.details?.reason !== "contention" || tries === 5) return answer;
        }
      };
      const [orders] = await Promise.all([Promise.all(holds.map((h, i) => decide(owners[i]!, h.value!.holdId))), sweep(), sweep()]);
      for (const [i, h] of holds.entries()) {
        const state = await holdDoc(h.value!.holdId);
        const placed = orders[i]!;
        const ordersFromHold = await shopDb().collection("orders").where("holdId", "==", h.value!.holdId).get();
        if (placed.ok) {
          expect(state, `round ${round} hold ${i}`).to.include({ status: "converted", orderId: placed.value!.orderId });
          expect(ordersFromHold.size).to.equal(1);
          sold += placed.value!.items.reduce((sum, line) => sum + line.quantity, 0);
        } else {
          expect([placed.details?.reason, state.status], `round ${round} hold ${i}`).to.deep.equal(["hold-expired", "expired"]);
          expect(ordersFromHold.size).to.equal(0);
        }
      }
    }
    const final = await product(productId);
    expect(final.held).to.equal(0);
    expect(final.quantity + sold).to.equal(initial);
    const [report] = await checkLedger(shopDb(), [productId]);
    expect(report?.ok, report?.problems.join("; ")).to.equal(true);
  });
});
