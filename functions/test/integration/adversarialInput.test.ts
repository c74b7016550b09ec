// Property-based, end to end: random and adversarial payloads sent to the real callables
// (emulators, client SDK). Every call gets a clear answer; a refused call writes nothing.
import { expect } from "chai";
import fc from "fast-check";
import { attempt, callable, closeClients, newAdmin, newBuyer, type Buyer } from "../../../tools/testkit/buyers";
import { countOrders, seedProduct, shopDb, uniqueId } from "../../../tools/testkit/emulator";

const CLEAR_REFUSALS = ["functions/invalid-argument", "functions/not-found", "functions/failed-precondition"];

// What can travel as JSON, as the wire carries it (fast-check also builds objects without a
// prototype, which the client SDK refuses to serialize before anything is sent).
const wire = (data: unknown): unknown => (data === undefined ? null : JSON.parse(JSON.stringify(data)));

describe("adversarial input at the callables (fast-check, emulators)", function () {
  let buyer: Buyer;
  let admin: Buyer;
  const products = [uniqueId("fuzz"), uniqueId("fuzz")];

  before(async function () {
    [buyer, admin] = await Promise.all([newBuyer(), newAdmin()]);
    for (const productId of products) await seedProduct(productId, { quantity: 1000, price: 500 });
  });

  after(async function () {
    await closeClients([buyer.app, admin.app]);
  });

  const stock = async () => Promise.all(products.map(async (id) => (await shopDb().collection("products").doc(id).get()).data()));

  const hostile = fc.oneof(
    fc.constantFrom("", "a/b", "__proto__", "x".repeat(300), "<img src=x>", "😀", "1e309"),
    fc.integer(),
    fc.double(),
    fc.constantFrom(0, -1, 1.5, 1e21, null),
  );
  const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), hostile);
  const line = fc.record(
    { productId: fc.oneof(fc.constantFrom(...products), hostile), quantity: fc.oneof(fc.integer({ min: -2, max: 1200 }), anyValue) },
    { requiredKeys: [] },
  );
  const payload = fc.oneof(
    fc.record({ items: fc.oneof(fc.array(line, { maxLength: 22 }), anyValue), requestId: fc.oneof(fc.uuid(), anyValue), extra: anyValue }, { requiredKeys: [] }),
    anyValue,
  );

  it("placeOrder: a correct order or a clear refusal that changes nothing", async function () {
    this.timeout(300_000);
    await fc.assert(
      fc.asyncProperty(payload.map(wire), async (data) => {
        const [ordersBefore, stockBefore] = await Promise.all([countOrders(), stock()]);
        const result = await attempt(buyer.placeOrder(data));
        if (result.ok) {
          const order = (await shopDb().collection("orders").doc(result.value!.orderId).get()).data();
          expect(order?.uid).to.equal(buyer.uid);
          return;
        }
        expect(result.code, `${JSON.stringify(data)?.slice(0, 200)} -> ${result.message}`).to.be.oneOf(CLEAR_REFUSALS);
        expect(result.message).to.be.a("string").and.not.match(/stack|at .*\.js/);
        expect(await countOrders()).to.equal(ordersBefore);
        expect(await stock()).to.deep.equal(stockBefore);
      }),
      { numRuns: 40 },
    );
  });

  it("upsertProduct and restockProduct: refused input changes nothing", async function () {
    this.timeout(300_000);
    const upsert = callable(admin.app, "upsertProduct");
    const restock = callable(admin.app, "restockProduct");
    const input = fc.record(
      {
        productId: fc.oneof(fc.constantFrom(products[0] as string), hostile),
        name: fc.oneof(fc.string(), hostile),
        price: fc.oneof(fc.nat(), anyValue),
        currency: fc.oneof(fc.constantFrom("EUR", "eur", "EURO"), anyValue),
        quantity: anyValue,
        add: fc.oneof(fc.integer({ min: -5, max: 5 }), anyValue),
        extra: anyValue,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(input.map(wire), fc.boolean(), async (data, useUpsert) => {
        const before = await stock();
        const result = await attempt((useUpsert ? upsert : restock)(data));
        if (result.ok) return;
        expect(result.code, JSON.stringify(data)?.slice(0, 200)).to.be.oneOf(CLEAR_REFUSALS);
        expect(await stock()).to.deep.equal(before);
      }),
      { numRuns: 30 },
    );
  });
});
