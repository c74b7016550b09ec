// The client package against the emulators, through the real `firebase` web SDK: typed
// callables, safe retries (including an answer lost after the server decided), typed
// refusals, and the live views the rules allow.
import { randomUUID } from "node:crypto";
import { expect } from "chai";
import { deleteApp, initializeApp, type FirebaseApp } from "firebase/app";
import { connectAuthEmulator, createUserWithEmailAndPassword, getAuth } from "firebase/auth";
import { connectFirestoreEmulator, getFirestore, type Firestore } from "firebase/firestore";
import { connectFunctionsEmulator, getFunctions } from "firebase/functions";
import { getAuth as getAdminAuth } from "firebase-admin/auth";
import {
  createShopClient,
  ShopError,
  watchMyOrders,
  watchOrdersToShip,
  watchProducts,
  type LiveOrder,
  type LiveProduct,
  type ProductCursor,
  type ProductPageInfo,
  type ShopClient,
  type ShopClientOptions,
} from "../../src/index";
import { AUTH_HOST, countOrders, FIRESTORE_HOST, FUNCTIONS_HOST, FUNCTIONS_PORT, PROJECT_ID, productState, seedProduct, shopApp, shopDb, uniqueId } from "../../../tools/testkit/emulator";
import { LossyProxy } from "./lossyProxy";

interface Session {
  app: FirebaseApp;
  uid: string;
  db: Firestore;
  shop: ShopClient;
}

const apps: FirebaseApp[] = [];

async function signUp({ admin = false, functionsPort = FUNCTIONS_PORT, onRetry }: { admin?: boolean; functionsPort?: number; onRetry?: ShopClientOptions["onRetry"] } = {}): Promise<Session> {
  const app = initializeApp({ projectId: PROJECT_ID, apiKey: "demo-api-key", authDomain: `${PROJECT_ID}.firebaseapp.com` }, `client-${randomUUID()}`);
  apps.push(app);
  const auth = getAuth(app);
  connectAuthEmulator(auth, `http://${AUTH_HOST}`, { disableWarnings: true });
  const db = getFirestore(app);
  const [host, port] = FIRESTORE_HOST.split(":");
  connectFirestoreEmulator(db, host ?? "127.0.0.1", Number(port));
  const functions = getFunctions(app, "us-central1");
  connectFunctionsEmulator(functions, FUNCTIONS_HOST, functionsPort);
  const { user } = await createUserWithEmailAndPassword(auth, `${randomUUID()}@buyers.test`, "correct-horse-battery");
  if (admin) {
    await getAdminAuth(shopApp()).setCustomUserClaims(user.uid, { admin: true });
    await user.getIdToken(true);
  }
  return { app, uid: user.uid, db, shop: createShopClient(app, { functions, retry: { initialDelayMs: 100 }, onRetry }) };
}

// For calls that must fail: the ShopError, or a test failure if the call succeeded.
function succeeded(value: unknown): never {
  throw new Error(`expected a refusal, got ${JSON.stringify(value)}`);
}
function failed(error: unknown): ShopError {
  if (!(error instanceof ShopError)) throw error;
  return error;
}

// Resolves with the first value a live view reports that passes `test`.
function firstMatching<T>(subscribe: (onChange: (items: T[]) => void, onError: (error: Error) => void) => () => void, test: (items: T[]) => boolean, timeoutMs = 30_000): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error("the live view never showed the expected state"));
    }, timeoutMs);
    // Live views never call back synchronously, so `stop` is set before any callback runs.
    const stop = subscribe(
      (items) => {
        if (!test(items)) return;
        clearTimeout(timer);
        setTimeout(() => stop(), 0);
        resolve(items);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

describe("client package against the emulators", function () {
  this.timeout(120_000);

  after(async function () {
    await Promise.all(apps.map((app) => deleteApp(app)));
  });

  it("places an order with typed results, and the buyer watches it to 'sent'", async function () {
    const [mug, beans] = [uniqueId("mug"), uniqueId("beans")];
    await seedProduct(mug, { quantity: 5, price: 1200 });
    await seedProduct(beans, { quantity: 9, price: 850 });
    const buyer = await signUp();
    const order = await buyer.shop.placeOrder([
      { productId: mug, quantity: 2 },
      { productId: beans, quantity: 1 },
    ]);
    expect([order.status, order.total, order.items.length]).to.deep.equal(["confirmed", 2 * 1200 + 850, 2]);
    expect(order.requestId).to.match(/^[0-9a-f-]{36}$/);
    const mine = await firstMatching<LiveOrder>(
      (onChange, onError) => watchMyOrders(buyer.db, buyer.uid, { onChange, onError }),
      (orders) => orders.some((o) => o.id === order.orderId && o.confirmation.status === "sent"),
    );
    expect(mine.map((o) => o.id)).to.deep.equal([order.orderId]);
    expect((await productState(mug)).quantity).to.equal(3);
  });

  it("returns refusals typed by reason, and orders nothing", async function () {
    const mug = uniqueId("mug");
    await seedProduct(mug, { quantity: 2 });
    const buyer = await signUp();
    const error = await buyer.shop.placeOrder([{ productId: mug, quantity: 3 }]).then(succeeded, failed);
    expect(error).to.be.instanceOf(ShopError);
    expect(error.code).to.equal("failed-precondition");
    expect(error.is("insufficient-stock") ? [error.details.available, error.details.requested] : undefined).to.deep.equal([2, 3]);
    expect(error.attempts).to.equal(1);
    expect((await productState(mug)).quantity).to.equal(2);
  });

  it("refuses bad input before calling, with the backend's own schema", async function () {
    const buyer = await signUp();
    const before = await countOrders();
    const error = await buyer.shop.placeOrder([{ productId: "bad id!", quantity: 0 }]).then(succeeded, failed);
    expect([error.code, error.reason, error.attempts]).to.deep.equal(["invalid-argument", "invalid-request", 0]);
    expect(error.is("invalid-request") && error.details.issues.map((i) => i.path)).to.deep.equal(["items.0.productId", "items.0.quantity"]);
    expect(await countOrders()).to.equal(before);
  });

  it("retries an answer lost after the server decided: same order, stock moved once", async function () {
    const proxy = new LossyProxy({ host: FUNCTIONS_HOST, port: FUNCTIONS_PORT });
    const port = await proxy.start();
    try {
      const mug = uniqueId("mug");
      await seedProduct(mug, { quantity: 10 });
      const retries: string[] = [];
      const buyer = await signUp({ functionsPort: port, onRetry: ({ callable, attempt, error }) => retries.push(`${callable} ${attempt} ${error.code}`) });
      const ordersBefore = await countOrders();
      proxy.dropNext("placeOrder");
      const order = await buyer.shop.placeOrder([{ productId: mug, quantity: 4 }]);
      expect(proxy.dropped).to.deep.equal(["placeOrder"]);
      expect(proxy.forwarded.filter((name) => name === "placeOrder")).to.have.length(2);
      expect(retries).to.deep.equal(["placeOrder 2 internal"]);
      expect((await productState(mug)).quantity).to.equal(6);
      expect(await countOrders()).to.equal(ordersBefore + 1);
      const stored = await shopDb().collection("orders").doc(order.orderId).get();
      expect(stored.get("requestId")).to.equal(order.requestId);
    } finally {
      await proxy.stop();
    }
  });

  it("shows stock changed by someone else live", async function () {
    const lamp = uniqueId("lamp");
    await seedProduct(lamp, { quantity: 4, name: `Lamp ${lamp}` });
    const buyer = await signUp();
    const seen = firstMatching<LiveProduct>(
      // A page of the catalog holds the products named so (the suite's other products may fill page one).
      (onChange, onError) => watchProducts(buyer.db, { search: `Lamp ${lamp}`, onChange, onError }),
      (products) => products.some((p) => p.id === lamp && p.quantity === 0 && p.status === "out_of_stock"),
    );
    await shopDb().collection("products").doc(lamp).update({ quantity: 0, status: "out_of_stock" });
    expect((await seen).find((p) => p.id === lamp)?.name).to.equal(`Lamp ${lamp}`);
  });

  it("reads the catalog a page at a time, by name, and finds products by the start of their name in either case", async function () {
    const tag = uniqueId("pg");
    for (let i = 0; i < 7; i++) await seedProduct(`${tag}-${i}`, { quantity: 1, name: `Pager ${tag} ${i}` });
    const buyer = await signUp();
    const page = (search: string, after?: ProductCursor) =>
      new Promise<{ ids: string[]; info: ProductPageInfo }>((resolve, reject) => {
        const stop = watchProducts(buyer.db, {
          search,
          pageSize: 3,
          ...(after ? { after } : {}),
          onChange: (products, info) => {
            // A page the cache answers first (rows seen on the page before) is followed by the server's.
            if (info.fromCache) return;
            setTimeout(() => stop(), 0);
            resolve({ ids: products.map((p) => p.id), info });
          },
          onError: reject,
        });
      });
    const first = await page(`Pager ${tag}`);
    expect([first.ids, first.info.hasMore]).to.deep.equal([[0, 1, 2].map((i) => `${tag}-${i}`), true]);
    const second = await page(`Pager ${tag}`, first.info.next);
    expect(second.ids).to.deep.equal([3, 4, 5].map((i) => `${tag}-${i}`));
    const last = await page(`Pager ${tag}`, second.info.next);
    expect([last.ids, last.info.hasMore, last.info.next]).to.deep.equal([[`${tag}-6`], false, undefined]);
    // Typed in lower case, the name's capital letter still matches.
    expect((await page(`pager ${tag} 4`)).ids).to.deep.equal([`${tag}-4`]);
  });

  it("sorts the catalog by what is available, least first, and pages on in that order", async function () {
    // Sold out, with ids that sort before any other test's: the first two of the whole catalog.
    const tag = `0sort-${Date.now().toString(36)}`;
    await seedProduct(`${tag}-a`, { quantity: 0, name: "Sorted a" });
    await seedProduct(`${tag}-b`, { quantity: 0, name: "Sorted b" });
    const admin = await signUp({ admin: true });
    const page = (after?: ProductCursor) =>
      new Promise<{ products: LiveProduct[]; info: ProductPageInfo }>((resolve, reject) => {
        const stop = watchProducts(admin.db, {
          sort: "available",
          pageSize: 4,
          ...(after ? { after } : {}),
          onChange: (products, info) => {
            if (info.fromCache) return;
            setTimeout(() => stop(), 0);
            resolve({ products, info });
          },
          onError: reject,
        });
      });
    const key = (p: LiveProduct) => [p.quantity, p.id] as const;
    const before = (a: readonly [number, string], b: readonly [number, string]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
    const first = await page();
    expect(first.products.slice(0, 2).map((p) => p.id)).to.deep.equal([`${tag}-a`, `${tag}-b`]);
    const second = await page(first.info.next);
    const both = [...first.products, ...second.products];
    expect(both).to.have.length(8);
    for (let i = 1; i < both.length; i++) expect(before(key(both[i - 1]!), key(both[i]!)), `${both[i - 1]!.id} before ${both[i]!.id}`).to.equal(true);
  });

  it("holds stock for a checkout and turns the hold into the order", async function () {
    const scale = uniqueId("scale");
    await seedProduct(scale, { quantity: 3, price: 2500 });
    const buyer = await signUp();
    const hold = await buyer.shop.holdStock([{ productId: scale, quantity: 2 }]);
    expect([hold.status, hold.total]).to.deep.equal(["active", 5000]);
    const stored = (await shopDb().collection("products").doc(scale).get()).data();
    expect([stored?.quantity, stored?.held]).to.deep.equal([1, 2]);
    const order = await buyer.shop.placeOrderFromHold(hold.holdId);
    expect([order.status, order.total]).to.deep.equal(["confirmed", 5000]);
    expect((await buyer.shop.releaseHold(hold.holdId)).status).to.equal("converted");
    const other = await signUp();
    const refused = await other.shop.placeOrderFromHold(hold.holdId).then(succeeded, failed);
    expect([refused.code, refused.reason]).to.deep.equal(["not-found", "hold-not-found"]);
  });

  it("runs admin callables for admins only", async function () {
    const buyer = await signUp();
    const admin = await signUp({ admin: true });
    const productId = uniqueId("kettle");
    const denied = await buyer.shop.admin.upsertProduct({ productId, name: "Kettle", price: 3900, currency: "EUR", quantity: 3 }).then(succeeded, failed);
    expect([denied.code, denied.reason]).to.deep.equal(["permission-denied", "admin-required"]);
    expect((await shopDb().collection("products").doc(productId).get()).exists).to.equal(false);

    expect(await admin.shop.admin.upsertProduct({ productId, name: "Kettle", price: 3900, currency: "EUR", quantity: 3 })).to.include({ created: true, quantity: 3 });
    expect(await admin.shop.admin.restockProduct({ productId, add: 5 })).to.include({ quantityBefore: 3, quantity: 8 });
    expect(await admin.shop.admin.adjustStock({ productId, quantity: 7, reason: "stock-take" })).to.include({ quantityBefore: 8, quantity: 7 });
    const {
      reports: [report],
    } = await admin.shop.admin.checkLedger({ productIds: [productId] });
    expect(report).to.deep.include({ productId, ok: true, quantity: 7, derived: 7, movements: 3 });
    const ledgerDenied = await buyer.shop.admin.checkLedger().then(succeeded, failed);
    expect(ledgerDenied.reason).to.equal("admin-required");
  });

  it("ships an order from the pick list: shop staff only, a retried shipment recorded once, the buyer watches it shipped", async function () {
    const buyer = await signUp();
    const admin = await signUp({ admin: true });
    const productId = uniqueId("teapot");
    // The teapots are all at a warehouse of their own, so its pick list holds this order alone
    // (the shop-wide list shows the oldest orders first: other tests' orders fill it).
    const locationId = uniqueId("west");
    await admin.shop.admin.upsertLocation({ locationId, name: "West warehouse" });
    await seedProduct(productId, { name: "Teapot", quantity: 5 });
    await admin.shop.admin.transferStock({ productId, from: "default", to: locationId, quantity: 5, reason: "stored at the west warehouse" });
    const order = await buyer.shop.placeOrder([{ productId, quantity: 2 }]);

    const pickList = (test: (orders: LiveOrder[]) => boolean) => firstMatching<LiveOrder>((onChange, onError) => watchOrdersToShip(admin.db, { onChange, onError }, { locationId }), test);
    const toShip = await pickList((orders) => orders.length > 0);
    expect(toShip.map((o) => [o.id, o.status, o.shipsFrom])).to.deep.equal([[order.orderId, "confirmed", [locationId]]]);
    const elsewhere = await firstMatching<LiveOrder>((onChange, onError) => watchOrdersToShip(admin.db, { onChange, onError }, { locationId: "default", max: 500 }), () => true);
    expect(elsewhere.map((o) => o.id)).not.to.include(order.orderId);
    const denied = await buyer.shop.fulfillOrder({ orderId: order.orderId }).then(succeeded, failed);
    expect([denied.code, denied.reason]).to.deep.equal(["permission-denied", "fulfilment-role-required"]);
    const invalid = await admin.shop.fulfillOrder({ orderId: order.orderId, trackingNumber: "<b>" }).then(succeeded, failed);
    expect(invalid.reason).to.equal("invalid-request");

    const requestId = "shipment-teapot-0001";
    const shipped = await admin.shop.fulfillOrder({ orderId: order.orderId, requestId, lines: [{ productId, quantity: 1 }], carrier: "UPS", trackingNumber: "1Z999AA10123456784" });
    expect(shipped).to.include({ status: "partially_fulfilled", replayed: false });
    expect(await admin.shop.fulfillOrder({ orderId: order.orderId, requestId, lines: [{ productId, quantity: 1 }] })).to.include({ fulfilmentId: shipped.fulfilmentId, replayed: true });
    const [mine] = await firstMatching<LiveOrder>((onChange, onError) => watchMyOrders(buyer.db, buyer.uid, { onChange, onError }), (orders) => orders[0]?.status === "partially_fulfilled");
    expect(mine?.fulfilment).to.deep.include({ shipped: { [productId]: 1 }, shipments: 1, trackingNumber: "1Z999AA10123456784" });
    const product = (await shopDb().collection("products").doc(productId).get()).data();
    expect(product).to.include({ quantity: 3, onHand: 4, committed: 1 });
    expect((await pickList((orders) => orders[0]?.status === "partially_fulfilled"))[0]?.shipsFrom).to.deep.equal([locationId]);
    // Shipped in full: off the location's pick list.
    await admin.shop.fulfillOrder({ orderId: order.orderId });
    expect(await pickList((orders) => orders.length === 0)).to.deep.equal([]);
  });

  it("filters the catalog to low stock (at or below the reorder point) and sold out, a page at a time", async function () {
    const admin = await signUp({ admin: true });
    const tag = `Filter ${randomUUID().slice(0, 6)}`;
    const ids = { low: uniqueId("low"), fine: uniqueId("fine"), gone: uniqueId("gone") };
    await admin.shop.admin.upsertProduct({ productId: ids.low, name: `${tag} low`, price: 100, currency: "EUR", quantity: 3, reorderPoint: 5 });
    await admin.shop.admin.upsertProduct({ productId: ids.fine, name: `${tag} fine`, price: 100, currency: "EUR", quantity: 30, reorderPoint: 5 });
    await admin.shop.admin.upsertProduct({ productId: ids.gone, name: `${tag} gone`, price: 100, currency: "EUR", quantity: 0 });
    const names = async (filter: "low-stock" | "out-of-stock", until = (products: LiveProduct[]) => products.length > 0) =>
      (await firstMatching<LiveProduct>((onChange, onError) => watchProducts(admin.db, { search: tag, filter, onChange, onError }), until)).map((p) => p.id);
    expect(await names("low-stock")).to.deep.equal([ids.low]);
    expect(await names("out-of-stock")).to.deep.equal([ids.gone]);
    // A restock above the reorder point takes it off the low-stock view.
    await admin.shop.admin.restockProduct({ productId: ids.low, add: 10 });
    expect(await names("low-stock", (products) => !products.some((p) => p.id === ids.low))).to.deep.equal([]);

    // Low at one location, by that location's own reorder point.
    const depot = uniqueId("depot");
    await admin.shop.admin.upsertLocation({ locationId: depot, name: "Depot" });
    await admin.shop.admin.upsertProduct({ productId: ids.fine, name: `${tag} fine`, price: 100, currency: "EUR", locationReorderPoints: { [depot]: 5 } });
    await admin.shop.admin.restockProduct({ productId: ids.fine, add: 2, locationId: depot });
    const lowAt = (until: (products: LiveProduct[]) => boolean) =>
      firstMatching<LiveProduct>((onChange, onError) => watchProducts(admin.db, { search: tag, filter: "low-stock", locationId: depot, onChange, onError }), until);
    expect((await lowAt((products) => products.length > 0)).map((p) => p.id)).to.deep.equal([ids.fine]);
    await admin.shop.admin.restockProduct({ productId: ids.fine, add: 10, locationId: depot });
    expect(await lowAt((products) => products.length === 0)).to.deep.equal([]);
  });
});
