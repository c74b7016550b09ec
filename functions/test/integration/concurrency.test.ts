import { expect } from "chai";
import { attempt, closeClients, newBuyer, newRequestId, type Buyer } from "../../../tools/testkit/buyers";
import { productState, seedProduct, shopDb, uniqueId } from "../../../tools/testkit/emulator";

describe("placeOrder under concurrency on one product", function () {
  const BUYERS = 40;
  const UNITS = 20;
  let buyers: Buyer[];

  before(async function () {
    this.timeout(60_000);
    buyers = await Promise.all(Array.from({ length: BUYERS }, () => newBuyer()));
  });

  after(async function () {
    await closeClients(buyers.map((b) => b.app));
  });

  it(`sells exactly ${UNITS} units to ${BUYERS} simultaneous buyers and refuses the rest for stock only`, async function () {
    this.timeout(240_000);
    const productId = uniqueId("hot");
    await seedProduct(productId, { quantity: UNITS });

    const outcomes = await Promise.all(
      buyers.map((buyer) => attempt(buyer.placeOrder({ items: [{ productId, quantity: 1 }], requestId: newRequestId() }))),
    );

    const confirmed = outcomes.filter((o) => o.ok);
    const refused = outcomes.filter((o) => o.code === "functions/failed-precondition");
    const other = outcomes.filter((o) => !o.ok && o.code !== "functions/failed-precondition");
    expect(other.map((o) => `${o.code}: ${o.message}`), "no error other than out-of-stock").to.deep.equal([]);
    expect(confirmed).to.have.length(UNITS);
    expect(refused).to.have.length(BUYERS - UNITS);
    for (const refusal of refused) expect(refusal.details).to.include({ productId, available: 0 });

    expect(await productState(productId)).to.deep.equal({ quantity: 0, status: "out_of_stock" });
    const orders = (await shopDb().collection("orders").get()).docs
      .map((doc) => doc.data())
      .filter((order) => (order.items as { productId: string }[]).some((line) => line.productId === productId));
    expect(orders).to.have.length(UNITS);
    expect(new Set(orders.map((order) => order.uid as string)).size, "one order per confirmed buyer").to.equal(UNITS);
  });
});
