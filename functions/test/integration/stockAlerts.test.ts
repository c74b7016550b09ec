// Stock alerts on the emulators: under a flash sale a product's low-stock and out-of-stock lines
// fire once each (not once per order), in the commits that cross them, whether orders are
// decided alone or in a hot product's batches; a restock says it is back and re-arms them, so
// the next sell-out fires them again; admins get the alerts by email, batched.
import { expect } from "chai";
import { attempt, callable, closeClients, newAdmin, newBuyer, newRequestId, type Buyer } from "../../../tools/testkit/buyers";
import { shopDb, uniqueId } from "../../../tools/testkit/emulator";
import { smtp } from "../../../tools/testkit/integrationHooks";
import { sleep } from "../../../tools/testkit/smtpSink";

interface AlertEvent {
  type: string;
  sequence: number;
  data: { object: { available: number; crossings: { alert: string; locationId?: string }[] }; previous: { available: number } };
}

describe("stock alerts (emulators)", function () {
  this.timeout(180_000);
  let admin: Buyer;
  let buyers: Buyer[];

  before(async function () {
    [admin, ...buyers] = await Promise.all([newAdmin(), ...Array.from({ length: 12 }, () => newBuyer())]);
  });

  after(async function () {
    await closeClients([admin, ...buyers].map((who) => who.app));
  });

  // The product's stock alert events (its product.created and restock events left out).
  const alertsOf = async (productId: string): Promise<AlertEvent[]> =>
    (await shopDb().collection("events").where("resource.id", "==", productId).get()).docs
      .map((doc) => doc.data() as AlertEvent)
      .filter((event) => event.data.object.crossings !== undefined)
      .sort((a, b) => a.sequence - b.sequence);
  const crossings = (events: AlertEvent[]) => events.flatMap((event) => event.data.object.crossings.map((crossing) => crossing.alert));

  async function sellOut(productId: string, units: number): Promise<void> {
    const outcomes = await Promise.all(buyers.map((buyer) => attempt(buyer.placeOrder({ items: [{ productId, quantity: 1 }], requestId: newRequestId() }))));
    expect(outcomes.filter((outcome) => outcome.ok)).to.have.length(units);
  }

  it("a flash sale fires low stock and out of stock once each; a restock says back in stock, and the next sell-out fires them again", async function () {
    const productId = uniqueId("alert-mug");
    const upsert = await attempt(callable(admin.app, "upsertProduct")({ productId, name: "Alert mug", price: 900, currency: "EUR", quantity: 8, reorderPoint: 3 }));
    expect(upsert.ok, upsert.message).to.equal(true);
    // 12 buyers at once for 8 units: 8 orders, 4 refusals, and two lines crossed once each.
    await sellOut(productId, 8);
    let events = await alertsOf(productId);
    expect(crossings(events)).to.deep.equal(["low_stock", "out_of_stock"]);
    // One event per product per commit, of the most urgent crossing; numbered.
    for (const event of events) expect(event.type).to.equal(`inventory.${event.data.object.crossings.some((c) => c.alert === "out_of_stock") ? "out_of_stock" : "low_stock"}`);
    // Numbered after the product's creation (1), one each.
    expect(events.map((event) => event.sequence)).to.deep.equal(events.map((_, index) => index + 2));
    expect(events.at(-1)!.data.object.available).to.equal(0);

    const restock = await attempt(callable(admin.app, "restockProduct")({ productId, add: 8 }));
    expect(restock.ok, restock.message).to.equal(true);
    events = await alertsOf(productId);
    expect(events.at(-1)).to.deep.include({ type: "inventory.back_in_stock" });
    expect(events.at(-1)!.data.previous).to.deep.equal({ available: 0 });

    await sellOut(productId, 8);
    expect(crossings(await alertsOf(productId))).to.deep.equal(["low_stock", "out_of_stock", "back_in_stock", "low_stock", "out_of_stock"]);

    // Editing the product keeps its alerts' state and numbering: the next event is the next number.
    const edit = await attempt(callable(admin.app, "upsertProduct")({ productId, name: "Alert mug", price: 950, currency: "EUR", reorderPoint: 2 }));
    expect(edit.ok, edit.message).to.equal(true);
    expect((await attempt(callable(admin.app, "restockProduct")({ productId, add: 5 }))).ok).to.equal(true);
    const all = (await shopDb().collection("events").where("resource.id", "==", productId).get()).docs.map((doc) => doc.data() as AlertEvent).sort((a, b) => a.sequence - b.sequence);
    expect(all.map((event) => event.sequence)).to.deep.equal(all.map((_, index) => index + 1));
    expect(all.slice(-3).map((event) => event.type)).to.deep.equal(["inventory.out_of_stock", "product.updated", "inventory.back_in_stock"]);
  });

  it("emails the admins the stock alerts, batched: one email can list several", async function () {
    const products = [uniqueId("alert-a"), uniqueId("alert-b")];
    for (const productId of products) {
      const upsert = await attempt(callable(admin.app, "upsertProduct")({ productId, name: `Alert ${productId}`, price: 900, currency: "EUR", quantity: 2, reorderPoint: 1 }));
      expect(upsert.ok, upsert.message).to.equal(true);
    }
    for (const productId of products) await sellOut(productId, 2);
    const mentions = () => smtp.messages.filter((mail) => /stock alerts/.test(mail.subject) && products.some((productId) => mail.text.includes(productId)));
    const soldOut = (productId: string) => mentions().some((mail) => new RegExp(`\\(${productId}\\): [^\\n]*out of stock`).test(mail.text));
    // Low and out of stock may come in one email or two: wait for both products' sell-outs.
    const until = Date.now() + 60_000;
    while (!products.every(soldOut) && Date.now() < until) await sleep(200);
    const mails = mentions();
    for (const productId of products) expect(soldOut(productId), productId).to.equal(true);
    for (const mail of mails) expect(mail.to).to.deep.equal(["ops@demo-shop.test"]);
    // Four alerts (low and out for each product), never one email each plus duplicates.
    const alerts = await shopDb().collection("adminAlerts").where("productId", "in", products).get();
    expect(alerts.docs.map((doc) => doc.get("email.status") as string)).to.satisfy((statuses: string[]) => statuses.every((status) => status === "sent"));
    expect(mails.length).to.be.at.most(alerts.size);
    expect(new Set(mails.map((mail) => mail.messageId)).size).to.equal(mails.length);
  });
});
