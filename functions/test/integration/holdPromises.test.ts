// Checkout holds keep the shop's promises around the order path (emulators, real callables,
// the rate limit off as under `npm start`): one buyer, or a crowd of free accounts, can't hold
// a sale; nothing held is ever lost, even when a product breaks or disappears while held; the
// sweep ends each product's due holds together and one failure never stops it; and no plain
// order can take the id of a hold's order.
import { expect } from "chai";
import { Timestamp } from "firebase-admin/firestore";
import { attempt, callable, closeClients, newAdmin, newBuyer, newRequestId, type Buyer } from "../../../tools/testkit/buyers";
import { seedProduct, shopDb, uniqueId } from "../../../tools/testkit/emulator";
import type { HoldResult } from "../../src/model/holdDocument";
import type { HoldSweepSummary } from "../../src/orders/holdSchemas";
import { checkLedger } from "../../src/stock/ledgerCheck";

type Line = { productId: string; quantity: number };

describe("checkout holds keep every promise (emulators)", function () {
  this.timeout(180_000);
  let admin: Buyer;
  const everyone: Buyer[] = [];
  // Each test has buyers of its own, so one test's holds never count against another's caps.
  const newBuyers = async (count: number) => {
    const made = await Promise.all(Array.from({ length: count }, () => newBuyer()));
    everyone.push(...made);
    return made;
  };

  before(async function () {
    admin = await newAdmin();
  });

  after(async function () {
    await closeClients([admin.app, ...everyone.map((b) => b.app)]);
  });

  const hold = (buyer: Buyer, items: Line[], requestId = newRequestId()) => attempt(callable<HoldResult>(buyer.app, "holdStock")({ items, requestId }));
  const release = (buyer: Buyer, holdId: string) => attempt(callable<HoldResult>(buyer.app, "releaseHold")({ holdId }));
  const sweep = async () => (await callable<HoldSweepSummary>(admin.app, "sweepHoldsNow")({})).data;
  const product = async (productId: string) => (await shopDb().collection("products").doc(productId).get()).data() as { quantity: number; held?: number };
  const holdStatus = async (holdId: string) => (await shopDb().collection("holds").doc(holdId).get()).get("status") as string;
  const makeDue = (holdId: string, offsetMs = -1000) => shopDb().collection("holds").doc(holdId).update({ expiresAt: Timestamp.fromMillis(Date.now() + offsetMs) });
  const movements = async (productId: string, cause: string) =>
    (await shopDb().collection("stockMovements").where("productId", "==", productId).where("cause", "==", cause).get()).docs.map((doc) => doc.data());

  it("caps one buyer's holds and units, and all holds' share of a product, while others can still buy", async function () {
    const [alice, bob, carol, dave, erin] = (await newBuyers(5)) as [Buyer, Buyer, Buyer, Buyer, Buyer];
    const sale = uniqueId("flash");
    await seedProduct(sale, { quantity: 40 });

    // One buyer: at most HOLD_MAX_UNITS_PER_PRODUCT (10) units of a product at once.
    expect((await hold(alice, [{ productId: sale, quantity: 1000 }])).details).to.include({ reason: "insufficient-stock" });
    expect((await hold(alice, [{ productId: sale, quantity: 10 }])).ok).to.equal(true);
    const more = await hold(alice, [{ productId: sale, quantity: 5 }]);
    expect([more.code, more.details]).to.deep.equal(["functions/resource-exhausted", { reason: "hold-limit", scope: "buyer-units", limit: 10, canHold: 0, productId: sale }]);

    // All holds together: at most HOLD_MAX_SHARE_PERCENT (50) of the unsold units, however many accounts.
    expect((await hold(bob, [{ productId: sale, quantity: 10 }])).ok).to.equal(true);
    const crowd = await hold(carol, [{ productId: sale, quantity: 10 }]);
    expect([crowd.code, crowd.details]).to.deep.equal(["functions/resource-exhausted", { reason: "hold-limit", scope: "product", limit: 20, canHold: 0, productId: sale }]);
    expect(await product(sale)).to.include({ quantity: 20, held: 20 });

    // The rest stays for buyers who order directly.
    const order = await attempt(dave.placeOrder({ items: [{ productId: sale, quantity: 20 }], requestId: newRequestId() }));
    expect(order.ok, JSON.stringify(order)).to.equal(true);

    // One buyer: at most HOLD_MAX_ACTIVE_PER_BUYER (3) live holds at once, new requestIds or not.
    const others = await Promise.all([1, 2, 3, 4].map(async (i) => {
      const productId = uniqueId(`shelf${i}`);
      await seedProduct(productId, { quantity: 100 });
      return productId;
    }));
    const placed: HoldResult[] = [];
    for (const productId of others.slice(0, 3)) {
      const result = await hold(erin, [{ productId, quantity: 1 }]);
      expect(result.ok, JSON.stringify(result)).to.equal(true);
      placed.push(result.value!);
    }
    const fourth = await hold(erin, [{ productId: others[3]!, quantity: 1 }]);
    expect([fourth.code, fourth.details]).to.deep.equal(["functions/resource-exhausted", { reason: "hold-limit", scope: "buyer-holds", limit: 3, canHold: 0 }]);
    // Ending one makes room for another.
    expect((await release(erin, placed[0]!.holdId)).ok).to.equal(true);
    expect((await hold(erin, [{ productId: others[3]!, quantity: 1 }])).ok).to.equal(true);
  });

  it("keeps a hold's units held while its product is broken, ends it once fixed, and writes off a deleted product's", async function () {
    const [alice, bob] = (await newBuyers(2)) as [Buyer, Buyer];
    const broken = uniqueId("broken");
    const deleted = uniqueId("deleted");
    await seedProduct(broken, { quantity: 5 });
    await seedProduct(deleted, { quantity: 5 });
    const onBroken = (await hold(alice, [{ productId: broken, quantity: 2 }])).value!;
    const onDeleted = (await hold(bob, [{ productId: deleted, quantity: 3 }])).value!;

    // Someone mistypes the price in the console while the units are held.
    await shopDb().collection("products").doc(broken).update({ price: "12" });
    const released = await release(alice, onBroken.holdId);
    expect([released.code, released.details]).to.deep.equal(["functions/failed-precondition", { reason: "product-misconfigured", productId: broken }]);
    await makeDue(onBroken.holdId);
    await shopDb().collection("products").doc(deleted).delete();
    await makeDue(onDeleted.holdId);

    const first = await sweep();
    expect(first.blocked).to.deep.include({ holdId: onBroken.holdId, productId: broken });
    expect(await holdStatus(onBroken.holdId), "a hold that can't give its units back stays active").to.equal("active");
    expect(await product(broken)).to.include({ quantity: 3, held: 2 });
    expect(await holdStatus(onDeleted.holdId)).to.equal("expired");
    expect(await movements(deleted, "write-off")).to.have.length(1);
    expect((await movements(deleted, "write-off"))[0]).to.include({ writtenOff: 3 });

    // Fixed: the next sweep ends the hold and its 2 units come back.
    await shopDb().collection("products").doc(broken).update({ price: 1250 });
    const second = await sweep();
    expect(second.blocked.map((b) => b.holdId)).to.not.include(onBroken.holdId);
    expect(await holdStatus(onBroken.holdId)).to.equal("expired");
    expect(await product(broken)).to.include({ quantity: 5, held: 0 });
    const [report] = await checkLedger(shopDb(), [broken]);
    expect(report?.ok, report?.problems.join("; ")).to.equal(true);
  });

  it("ends a product's due holds in one commit, and a hold that fails never stops the sweep", async function () {
    const buyers = await newBuyers(6);
    const busy = uniqueId("busy");
    await seedProduct(busy, { quantity: 100 });
    const held = await Promise.all(buyers.map((buyer) => hold(buyer, [{ productId: busy, quantity: 2 }])));
    expect(held.every((h) => h.ok), JSON.stringify(held.find((h) => !h.ok))).to.equal(true);
    // A hold broken behind the backend's back, due before all the others.
    const corrupt = uniqueId("corrupt-hold");
    await shopDb().collection("holds").doc(corrupt).set({ uid: "nobody", status: "active", items: "garbage", expiresAt: Timestamp.fromMillis(Date.now() - 3_600_000) });
    const elsewhere = await Promise.all([1, 2, 3, 4, 5, 6].map(async (i) => {
      const productId = uniqueId(`quiet${i}`);
      await seedProduct(productId, { quantity: 10 });
      return { productId, hold: (await hold(buyers[i - 1]!, [{ productId, quantity: 1 }])).value! };
    }));
    for (const h of [...held.map((r) => r.value!), ...elsewhere.map((e) => e.hold)]) await makeDue(h.holdId);

    const summary = await sweep();
    expect(summary.failed).to.be.at.least(1);
    for (const h of held) expect(await holdStatus(h.value!.holdId)).to.equal("expired");
    for (const { productId, hold: h } of elsewhere) {
      expect(await holdStatus(h.holdId)).to.equal("expired");
      expect(await product(productId)).to.include({ quantity: 10, held: 0 });
    }
    expect(await product(busy)).to.include({ quantity: 100, held: 0 });
    const expiries = await movements(busy, "expire");
    const commits = new Set(expiries.map((m) => (m.at as Timestamp).toMillis() * 1e6 + (m.at as Timestamp).nanoseconds));
    expect(commits.size, "one commit for the product's due holds").to.equal(1);
    expect(expiries.reduce((sum, m) => sum + (m.delta as number), 0)).to.equal(2 * buyers.length);
    await shopDb().collection("holds").doc(corrupt).delete();
  });

  it("keeps a hold's order apart from any plain order, whatever requestId the buyer picks", async function () {
    const [alice] = (await newBuyers(1)) as [Buyer];
    const productId = uniqueId("namespace");
    await seedProduct(productId, { quantity: 10 });
    const h = (await hold(alice, [{ productId, quantity: 2 }])).value!;
    const plain = await attempt(alice.placeOrder({ items: [{ productId, quantity: 2 }], requestId: `hold:${h.holdId}` }));
    expect(plain.ok, JSON.stringify(plain)).to.equal(true);
    const fromHold = await attempt(alice.placeOrder({ holdId: h.holdId, requestId: newRequestId() }));
    expect(fromHold.ok, JSON.stringify(fromHold)).to.equal(true);
    expect(fromHold.value!.orderId).to.not.equal(plain.value!.orderId);
    const stored = (await shopDb().collection("holds").doc(h.holdId).get()).data();
    expect(stored).to.include({ status: "converted", orderId: fromHold.value!.orderId });
    expect(await product(productId)).to.include({ quantity: 6, held: 0 });
  });
});
