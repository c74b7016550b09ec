// Where an order ships, end to end on the emulators with the real client SDK: the address given
// with placeOrder or holdStock is stored on the order (and the order a hold becomes), shown in the
// confirmation email, and a bad address is refused whole, ordering nothing.
import { expect } from "chai";
import { connectFirestoreEmulator, doc, getDoc, getFirestore, type Firestore } from "firebase/firestore";
import { smtp } from "./setup";
import { attempt, callable, closeClients, newBuyer, newRequestId, type Buyer } from "../../../tools/testkit/buyers";
import { FIRESTORE_HOST, productState, seedProduct, shopDb, uniqueId } from "../../../tools/testkit/emulator";
import type { HoldResult } from "../../src/model/holdDocument";

describe("shipping address (callables on the emulators, real SMTP)", function () {
  this.timeout(60_000);
  const address = { name: "Alex Example", lines: ["12 Sample Street", "Flat 3"], city: "Berlin", postalCode: "10115", country: "DE" };
  let buyer: Buyer;
  let other: Buyer;

  before(async function () {
    [buyer, other] = await Promise.all([newBuyer(), newBuyer()]);
  });

  after(async function () {
    await closeClients([buyer.app, other.app]);
  });

  // The buyer's app reads Firestore as the web app does, under the rules.
  const firestoreOf = (of: Buyer): Firestore => {
    const db = getFirestore(of.app);
    const [host, port] = FIRESTORE_HOST.split(":");
    connectFirestoreEmulator(db, host ?? "127.0.0.1", Number(port));
    return db;
  };

  it("stores the address on the order, shows it in the confirmation, and lets the buyer (not another) read it", async function () {
    const productId = uniqueId("parcel");
    await seedProduct(productId, { name: "Parcel", quantity: 5 });
    const { data } = await buyer.placeOrder({ items: [{ productId, quantity: 1 }], requestId: newRequestId(), shippingAddress: address });

    expect((await shopDb().collection("orders").doc(data.orderId).get()).get("shippingAddress")).to.deep.equal(address);
    const mails = await smtp.waitForOrder(data.orderId);
    expect(mails[0]?.text).to.contain("Ships to:\nAlex Example\n12 Sample Street\nFlat 3\n10115 Berlin\nGermany");
    expect(mails[0]?.html).to.contain("Alex Example<br>12 Sample Street");

    const own = await getDoc(doc(firestoreOf(buyer), "orders", data.orderId));
    expect(own.get("shippingAddress")).to.deep.equal(address);
    const theirs = await attempt(getDoc(doc(firestoreOf(other), "orders", data.orderId)).then((snapshot) => ({ data: snapshot.data() })));
    expect(theirs.code).to.equal("permission-denied");
  });

  it("ships the order a hold becomes to the address given with the hold", async function () {
    const productId = uniqueId("parcel");
    await seedProduct(productId, { name: "Parcel", quantity: 5 });
    const { data: hold } = await callable<HoldResult>(buyer.app, "holdStock")({ items: [{ productId, quantity: 2 }], requestId: newRequestId(), shippingAddress: { ...address, country: "FR", city: "Lyon", postalCode: "69001" } });
    expect((await shopDb().collection("holds").doc(hold.holdId).get()).get("shippingAddress")).to.include({ city: "Lyon", country: "FR" });

    const { data: order } = await buyer.placeOrder({ holdId: hold.holdId, requestId: newRequestId() });
    expect((await shopDb().collection("orders").doc(order.orderId).get()).get("shippingAddress")).to.include({ city: "Lyon", country: "FR" });
  });

  it("refuses a bad address whole, with the field to fix, and orders nothing", async function () {
    const productId = uniqueId("parcel");
    await seedProduct(productId, { name: "Parcel", quantity: 5 });
    const refused = await attempt(buyer.placeOrder({ items: [{ productId, quantity: 1 }], requestId: newRequestId(), shippingAddress: { ...address, country: "XX" } }));
    expect(refused.code).to.equal("functions/invalid-argument");
    expect(refused.details).to.have.property("reason", "invalid-request");
    expect(JSON.stringify(refused.details)).to.contain("shippingAddress").and.contain("country");
    expect(await productState(productId)).to.deep.equal({ quantity: 5, status: "in_stock" });
  });
});
