// Eventarc on the emulators: with EVENTARC_CHANNEL set (functions/.env.local), every event is
// also published to the channel, and a function in the project subscribed to a type
// (onCustomEventPublished; the emulator-only probe in api/eventarcProbe.ts) gets it: the same
// event as webhooks deliver, with the event's id as the CloudEvent id.
import { expect } from "chai";
import { attempt, callable, closeClients, newAdmin, type Buyer } from "../../../tools/testkit/buyers";
import { shopDb, uniqueId } from "../../../tools/testkit/emulator";
import { sleep } from "../../../tools/testkit/smtpSink";

describe("Eventarc (emulators)", function () {
  this.timeout(120_000);
  let admin: Buyer;

  before(async function () {
    admin = await newAdmin();
  });

  after(async function () {
    await closeClients([admin.app]);
  });

  it("publishes each event to the channel: a subscribed function gets product.created, with the event's id and envelope", async function () {
    const productId = uniqueId("arc-kettle");
    const created = await attempt(callable(admin.app, "upsertProduct")({ productId, name: "Kettle", price: 3900, currency: "EUR", quantity: 3 }));
    expect(created.ok, created.message).to.equal(true);
    const event = (await shopDb().collection("events").where("resource.id", "==", productId).get()).docs[0]!;
    const until = Date.now() + 60_000;
    let received = await shopDb().doc(`eventarcReceived/${event.id}`).get();
    while (!received.exists && Date.now() < until) {
      await sleep(250);
      received = await shopDb().doc(`eventarcReceived/${event.id}`).get();
    }
    expect(received.exists, "the consumer got it").to.equal(true);
    expect(received.data()).to.deep.include({ type: "firebase-inventory.v1.product.created", subject: `product/${productId}`, source: "firebase-inventory" });
    expect(received.get("data")).to.deep.include({ id: event.id, type: "product.created", sequence: 1, resource: { type: "product", id: productId } });
    expect(received.get("data.data.object")).to.deep.include({ id: productId, name: "Kettle", available: 3 });
    expect(received.get("data")).to.not.have.any.keys("dispatch", "expireAt");
  });
});
