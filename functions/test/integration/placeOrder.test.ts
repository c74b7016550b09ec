import { expect } from "chai";
import { Timestamp } from "firebase-admin/firestore";
import { attempt, closeClients, newBuyer, newRequestId, signedOutClient, type Buyer } from "../../../tools/testkit/buyers";
import { clearAuth, countOrders, productState, seedProduct, shopDb, uniqueId } from "../../../tools/testkit/emulator";

describe("placeOrder (web client against the emulators)", function () {
  let buyer: Buyer;
  const apps: Buyer["app"][] = [];

  before(async function () {
    await clearAuth();
    buyer = await newBuyer();
    apps.push(buyer.app);
  });

  after(async function () {
    await closeClients(apps);
  });

  it("places an order, decrements stock and returns the order", async function () {
    const productId = uniqueId("mug");
    await seedProduct(productId, { name: "Mug", price: 1250, quantity: 5 });
    const requestId = newRequestId();
    const { data } = await buyer.placeOrder({ items: [{ productId, quantity: 2 }], requestId });

    expect(data.status).to.equal("confirmed");
    expect(data.total).to.equal(2500);
    expect(data.currency).to.equal("EUR");
    expect(data.items).to.deep.equal([{ productId, name: "Mug", quantity: 2, unitPrice: 1250 }]);
    expect(await productState(productId)).to.deep.equal({ quantity: 3, status: "in_stock" });

    const order = (await shopDb().collection("orders").doc(data.orderId).get()).data();
    expect(order).to.include({ uid: buyer.uid, email: buyer.email, total: 2500, currency: "EUR", status: "confirmed", requestId });
    expect(order?.items).to.deep.equal(data.items);
    expect(order?.createdAt).to.exist;
    expect((order?.confirmation as { status: string }).status).to.be.oneOf(["pending", "sending", "sent"]);
  });

  it("flips status to out_of_stock when the last unit sells", async function () {
    const productId = uniqueId("last");
    await seedProduct(productId, { quantity: 2 });
    await buyer.placeOrder({ items: [{ productId, quantity: 2 }], requestId: newRequestId() });
    expect(await productState(productId)).to.deep.equal({ quantity: 0, status: "out_of_stock" });
  });

  it("takes every line of a multi-line order, or none", async function () {
    const plenty = uniqueId("plenty");
    const scarce = uniqueId("scarce");
    await seedProduct(plenty, { quantity: 10, price: 100 });
    await seedProduct(scarce, { quantity: 1, price: 300 });

    const refused = await attempt(
      buyer.placeOrder({ items: [{ productId: plenty, quantity: 3 }, { productId: scarce, quantity: 2 }], requestId: newRequestId() }),
    );
    expect(refused.code).to.equal("functions/failed-precondition");
    expect(refused.details).to.include({ productId: scarce, available: 1 });
    expect((await productState(plenty)).quantity).to.equal(10);

    const { data } = await buyer.placeOrder({
      items: [{ productId: plenty, quantity: 3 }, { productId: scarce, quantity: 1 }],
      requestId: newRequestId(),
    });
    expect(data.total).to.equal(3 * 100 + 300);
    expect((await productState(plenty)).quantity).to.equal(7);
    expect(await productState(scarce)).to.deep.equal({ quantity: 0, status: "out_of_stock" });
  });

  it("answers not-found with the productId for an unknown product", async function () {
    const before = await countOrders();
    const outcome = await attempt(buyer.placeOrder({ items: [{ productId: "no-such-product", quantity: 1 }], requestId: newRequestId() }));
    expect(outcome.code).to.equal("functions/not-found");
    expect(outcome.details).to.include({ productId: "no-such-product" });
    expect(outcome.message).to.contain("no-such-product");
    expect(await countOrders()).to.equal(before);
  });

  it("refuses more than the stock with failed-precondition and leaves stock unchanged", async function () {
    const productId = uniqueId("few");
    await seedProduct(productId, { quantity: 3 });
    const before = await countOrders();
    const outcome = await attempt(buyer.placeOrder({ items: [{ productId, quantity: 4 }], requestId: newRequestId() }));
    expect(outcome.code).to.equal("functions/failed-precondition");
    expect(outcome.details).to.include({ productId, available: 3, requested: 4 });
    expect(await productState(productId)).to.deep.equal({ quantity: 3, status: "in_stock" });
    expect(await countOrders()).to.equal(before);
  });

  it("refuses a product whose catalog entry is broken, without writing", async function () {
    const productId = uniqueId("broken");
    await shopDb().collection("products").doc(productId).set({ name: "Broken", price: "12", currency: "EUR", quantity: 5, status: "in_stock" });
    const outcome = await attempt(buyer.placeOrder({ items: [{ productId, quantity: 1 }], requestId: newRequestId() }));
    expect(outcome.code).to.equal("functions/failed-precondition");
    expect(outcome.details).to.include({ reason: "product-misconfigured", productId });
    expect((await productState(productId)).quantity).to.equal(5);
  });

  describe("bad input gets invalid-argument and writes nothing", function () {
    let productId: string;
    before(async function () {
      productId = uniqueId("guarded");
      await seedProduct(productId, { quantity: 10 });
    });

    const cases: [string, (productId: string) => unknown][] = [
      ["no payload", () => null],
      ["missing items", () => ({ requestId: newRequestId() })],
      ["missing requestId", (p) => ({ items: [{ productId: p, quantity: 1 }] })],
      ["items not an array", (p) => ({ items: { productId: p, quantity: 1 }, requestId: newRequestId() })],
      ["quantity as a string", (p) => ({ items: [{ productId: p, quantity: "1" }], requestId: newRequestId() })],
      ["productId as a number", () => ({ items: [{ productId: 42, quantity: 1 }], requestId: newRequestId() })],
      ["zero quantity", (p) => ({ items: [{ productId: p, quantity: 0 }], requestId: newRequestId() })],
      ["negative quantity", (p) => ({ items: [{ productId: p, quantity: -3 }], requestId: newRequestId() })],
      ["fractional quantity", (p) => ({ items: [{ productId: p, quantity: 1.5 }], requestId: newRequestId() })],
      ["huge quantity", (p) => ({ items: [{ productId: p, quantity: 1e12 }], requestId: newRequestId() })],
      ["productId with a slash", () => ({ items: [{ productId: "products/other", quantity: 1 }], requestId: newRequestId() })],
      ["empty productId", () => ({ items: [{ productId: "", quantity: 1 }], requestId: newRequestId() })],
      ["no lines", () => ({ items: [], requestId: newRequestId() })],
      [
        "too many lines",
        () => ({ items: Array.from({ length: 21 }, (_, i) => ({ productId: `p${i}`, quantity: 1 })), requestId: newRequestId() }),
      ],
      [
        "duplicate lines",
        (p) => ({ items: [{ productId: p, quantity: 1 }, { productId: p, quantity: 2 }], requestId: newRequestId() }),
      ],
      ["unknown top-level field", (p) => ({ items: [{ productId: p, quantity: 1 }], requestId: newRequestId(), email: "x@y.z" })],
      ["unknown line field", (p) => ({ items: [{ productId: p, quantity: 1, price: 0 }], requestId: newRequestId() })],
      ["short requestId", (p) => ({ items: [{ productId: p, quantity: 1 }], requestId: "abc" })],
    ];

    for (const [label, make] of cases) {
      it(label, async function () {
        const before = await countOrders();
        const outcome = await attempt(buyer.placeOrder(make(productId)));
        expect(outcome.ok, "the call must fail").to.equal(false);
        expect(outcome.code).to.equal("functions/invalid-argument");
        expect(outcome.message).to.match(/^The order request is invalid: /);
        expect(outcome.details?.issues).to.be.an("array").that.is.not.empty;
        expect(await countOrders()).to.equal(before);
        expect((await productState(productId)).quantity).to.equal(10);
      });
    }
  });

  it("refuses a signed-out caller with unauthenticated", async function () {
    const productId = uniqueId("anon");
    await seedProduct(productId, { quantity: 1 });
    const visitor = signedOutClient();
    apps.push(visitor.app);
    const outcome = await attempt(visitor.placeOrder({ items: [{ productId, quantity: 1 }], requestId: newRequestId() }));
    expect(outcome.code).to.equal("functions/unauthenticated");
    expect((await productState(productId)).quantity).to.equal(1);
  });

  it("refuses a signed-in user without an email, explaining why", async function () {
    const productId = uniqueId("noemail");
    await seedProduct(productId, { quantity: 1 });
    const anonymous = await newBuyer({ anonymous: true });
    apps.push(anonymous.app);
    const outcome = await attempt(anonymous.placeOrder({ items: [{ productId, quantity: 1 }], requestId: newRequestId() }));
    expect(outcome.code).to.equal("functions/failed-precondition");
    expect(outcome.details).to.include({ reason: "email-required" });
    expect((await productState(productId)).quantity).to.equal(1);
  });

  it("replays the same requestId: the original order back, stock moved once", async function () {
    const productId = uniqueId("replay");
    await seedProduct(productId, { quantity: 5 });
    const request = { items: [{ productId, quantity: 2 }], requestId: newRequestId() };
    const first = await buyer.placeOrder(request);
    const [second, third] = await Promise.all([buyer.placeOrder(request), buyer.placeOrder(request)]);
    expect(second.data).to.deep.equal(first.data);
    expect(third.data).to.deep.equal(first.data);
    expect((await productState(productId)).quantity).to.equal(3);
    const orders = await shopDb().collection("orders").where("requestId", "==", request.requestId).get();
    expect(orders.size).to.equal(1);
  });

  it("sells again after the shop restocks a sold-out product in the console", async function () {
    const productId = uniqueId("restock");
    await seedProduct(productId, { quantity: 1 });
    await buyer.placeOrder({ items: [{ productId, quantity: 1 }], requestId: newRequestId() });
    const soldOut = await attempt(buyer.placeOrder({ items: [{ productId, quantity: 1 }], requestId: newRequestId() }));
    expect(soldOut.details).to.include({ reason: "insufficient-stock", available: 0 });

    // What a shop owner does in the console: edit quantity (status left as it was).
    await shopDb().collection("products").doc(productId).update({ quantity: 4 });
    const { data } = await buyer.placeOrder({ items: [{ productId, quantity: 3 }], requestId: newRequestId() });
    expect(data.status).to.equal("confirmed");
    expect(await productState(productId)).to.deep.equal({ quantity: 1, status: "in_stock" });
  });

  it("takes over the order queue from a leader that crashed holding its lease", async function () {
    this.timeout(30_000);
    const productId = uniqueId("orphaned");
    await seedProduct(productId, { quantity: 3 });
    // A lease whose holder died: nobody renews it, it expires in 2 s.
    await shopDb()
      .collection("products")
      .doc(productId)
      .collection("allocator")
      .doc("lease")
      .set({ owner: "crashed-instance", expiresAt: Timestamp.fromMillis(Date.now() + 2000) });
    const started = Date.now();
    const { data } = await buyer.placeOrder({ items: [{ productId, quantity: 1 }], requestId: newRequestId() });
    expect(data.status).to.equal("confirmed");
    expect(Date.now() - started, "decided once the lease expired").to.be.greaterThan(1500);
    expect((await productState(productId)).quantity).to.equal(2);
  });

  describe("which path decides an order", function () {
    const allocator = (productId: string) => shopDb().collection("products").doc(productId);
    const leaseOf = (productId: string) => allocator(productId).collection("allocator").doc("lease");
    // A lease an earlier leader released, leaving the product hot for `coolForMs` more (negative: cooled already).
    const released = (coolForMs: number) => ({
      owner: "earlier-leader",
      expiresAt: Timestamp.fromMillis(Date.now() - 2000),
      coolUntil: Timestamp.fromMillis(Date.now() + coolForMs),
    });
    const queueDocs = async (productId: string) => {
      const [requests, outcomes, lease] = await Promise.all([
        allocator(productId).collection("orderRequests").get(),
        allocator(productId).collection("orderOutcomes").get(),
        leaseOf(productId).get(),
      ]);
      return { requests: requests.size, outcomes: outcomes.docs.map((doc) => doc.id), lease: lease.exists };
    };

    it("decides an order nobody competes with in one commit: no queue, lease or outcome", async function () {
      const productId = uniqueId("direct");
      await seedProduct(productId, { quantity: 5 });
      const { data } = await buyer.placeOrder({ items: [{ productId, quantity: 2 }], requestId: newRequestId() });
      expect(data.status).to.equal("confirmed");
      expect(await queueDocs(productId)).to.deep.equal({ requests: 0, outcomes: [], lease: false });
      expect((await productState(productId)).quantity).to.equal(3);
    });

    it("queues an order for a hot product and decides it in a batch", async function () {
      const productId = uniqueId("hot");
      await seedProduct(productId, { quantity: 5 });
      // Combined moments ago: no leader now, but still inside the cool-down window.
      await leaseOf(productId).set(released(60_000));
      const { data } = await buyer.placeOrder({ items: [{ productId, quantity: 2 }], requestId: newRequestId() });
      expect(data.status).to.equal("confirmed");
      const docs = await queueDocs(productId);
      expect(docs.outcomes, "decided by a batch, which leaves an outcome").to.deep.equal([data.orderId]);
      expect(docs.requests).to.equal(0);
      expect((await productState(productId)).quantity).to.equal(3);
    });

    it("goes back to one commit once a hot product has cooled down", async function () {
      const productId = uniqueId("cooled");
      await seedProduct(productId, { quantity: 5 });
      await leaseOf(productId).set(released(-1000));
      const { data } = await buyer.placeOrder({ items: [{ productId, quantity: 1 }], requestId: newRequestId() });
      expect(data.status).to.equal("confirmed");
      expect((await queueDocs(productId)).outcomes).to.deep.equal([]);
    });

    it("answers a replay of a batch-decided order from the order, on either path", async function () {
      const productId = uniqueId("replayhot");
      await seedProduct(productId, { quantity: 5 });
      const lease = leaseOf(productId);
      await lease.set(released(60_000));
      const requestId = newRequestId();
      const first = await buyer.placeOrder({ items: [{ productId, quantity: 2 }], requestId });
      await lease.delete();
      const again = await buyer.placeOrder({ items: [{ productId, quantity: 2 }], requestId });
      expect(again.data).to.deep.equal(first.data);
      expect((await productState(productId)).quantity).to.equal(3);
    });
  });

  it("refuses a reused requestId carrying a different order", async function () {
    const productId = uniqueId("reuse");
    await seedProduct(productId, { quantity: 5 });
    const requestId = newRequestId();
    await buyer.placeOrder({ items: [{ productId, quantity: 1 }], requestId });
    const outcome = await attempt(buyer.placeOrder({ items: [{ productId, quantity: 3 }], requestId }));
    expect(outcome.code).to.equal("functions/already-exists");
    expect((await productState(productId)).quantity).to.equal(4);
  });

  it("keeps two buyers' identical requestIds apart", async function () {
    const productId = uniqueId("twobuyers");
    await seedProduct(productId, { quantity: 5 });
    const other = await newBuyer();
    apps.push(other.app);
    const requestId = newRequestId();
    const mine = await buyer.placeOrder({ items: [{ productId, quantity: 1 }], requestId });
    const theirs = await other.placeOrder({ items: [{ productId, quantity: 1 }], requestId });
    expect(mine.data.orderId).to.not.equal(theirs.data.orderId);
    expect((await productState(productId)).quantity).to.equal(3);
  });
});
