import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assertFails, assertSucceeds, initializeTestEnvironment, type RulesTestEnvironment } from "@firebase/rules-unit-testing";
import { collection, deleteDoc, doc, getDoc, getDocs, query, setDoc, updateDoc, where } from "firebase/firestore";
import { FIRESTORE_HOST } from "../../../tools/testkit/emulator";

type Firestore = ReturnType<ReturnType<RulesTestEnvironment["unauthenticatedContext"]>["firestore"]>;

// Every collection, for every role: a visitor, the buyer who owns the data, another buyer, an admin.
describe("firestore.rules", function () {
  let env: RulesTestEnvironment;
  const [host, port] = FIRESTORE_HOST.split(":") as [string, string];
  let anonymous: Firestore;
  let alice: Firestore;
  let bob: Firestore;
  let admin: Firestore;
  // A warehouse account: the `fulfilment` claim reads orders (and holds) to ship them, nothing else.
  let packer: Firestore;

  const documents = {
    product: "products/mug",
    ownCounter: "products/mug/customers/alice",
    queued: "products/mug/orderRequests/r1",
    outcome: "products/mug/orderOutcomes/r1",
    lease: "products/mug/allocator/lease",
    order: "orders/alice-order",
    cancellationEmail: "orders/alice-order/emails/cancellation",
    shipmentEmail: "orders/alice-order/emails/shipment-f1",
    shipment: "orders/alice-order/fulfilments/f1",
    itemsReturned: "orders/alice-order/returns/r1",
    location: "locations/north",
    transfer: "products/mug/transfers/t1",
    movement: "stockMovements/m1",
    event: "events/evt_1",
    webhookEndpoint: "webhookEndpoints/we1",
    webhookDelivery: "webhookEndpoints/we1/deliveries/evt_1",
    webhookSecrets: "webhookSecrets/we1",
    adminAlert: "adminAlerts/a1",
    rateLimit: "rateLimits/alice",
    emailTemplate: "emailTemplates/confirmation",
    hold: "holds/alice-hold",
    buyerHolds: "buyerHolds/alice",
    other: "secrets/x",
  };

  before(async function () {
    env = await initializeTestEnvironment({
      projectId: "demo-inventory-rules",
      firestore: { rules: readFileSync(join(__dirname, "..", "..", "..", "firestore.rules"), "utf8"), host, port: Number(port) },
    });
    await env.withSecurityRulesDisabled(async (context) => {
      const db = context.firestore();
      await setDoc(doc(db, documents.product), { name: "Mug", price: 1250, currency: "EUR", quantity: 5, status: "in_stock" });
      await setDoc(doc(db, documents.ownCounter), { bought: 1 });
      await setDoc(doc(db, documents.queued), { uid: "alice" });
      await setDoc(doc(db, documents.outcome), { status: "confirmed" });
      await setDoc(doc(db, documents.lease), { owner: "x" });
      await setDoc(doc(db, documents.order), { uid: "alice", email: "alice@shop.test", total: 1250 });
      await setDoc(doc(db, documents.cancellationEmail), { status: "pending" });
      await setDoc(doc(db, documents.shipmentEmail), { status: "pending" });
      await setDoc(doc(db, documents.shipment), { trackingNumber: "1Z" });
      await setDoc(doc(db, documents.itemsReturned), { restock: true });
      await setDoc(doc(db, documents.location), { name: "North", active: true, priority: 1 });
      await setDoc(doc(db, documents.transfer), { from: "north", to: "south", quantity: 1 });
      await setDoc(doc(db, documents.movement), { productId: "mug", delta: -1 });
      await setDoc(doc(db, documents.event), { type: "order.placed", resource: { type: "order", id: "alice-order" } });
      await setDoc(doc(db, documents.webhookEndpoint), { url: "https://erp.example.com/hook", status: "active" });
      await setDoc(doc(db, documents.webhookDelivery), { status: "delivered", attempts: 1 });
      await setDoc(doc(db, documents.webhookSecrets), { secrets: [{ value: "whsec_x" }] });
      await setDoc(doc(db, documents.adminAlert), { kind: "webhook-endpoint-paused" });
      await setDoc(doc(db, documents.rateLimit), { tokens: 3 });
      await setDoc(doc(db, documents.emailTemplate), { subject: "{{shop.name}}" });
      await setDoc(doc(db, documents.hold), { uid: "alice", status: "active" });
      await setDoc(doc(db, documents.buyerHolds), { holds: {} });
      await setDoc(doc(db, documents.other), { value: 1 });
    });
    anonymous = env.unauthenticatedContext().firestore();
    alice = env.authenticatedContext("alice", { email: "alice@shop.test" }).firestore();
    bob = env.authenticatedContext("bob", { email: "bob@shop.test" }).firestore();
    admin = env.authenticatedContext("boss", { email: "boss@shop.test", admin: true }).firestore();
    packer = env.authenticatedContext("packer", { email: "packer@shop.test", fulfilment: true }).firestore();
  });

  after(async function () {
    await env.cleanup();
  });

  const readable: Record<keyof typeof documents, ("anonymous" | "alice" | "bob" | "admin" | "packer")[]> = {
    product: ["anonymous", "alice", "bob", "admin", "packer"],
    ownCounter: ["alice", "admin"],
    queued: ["admin"],
    outcome: ["admin"],
    lease: ["admin"],
    order: ["alice", "admin", "packer"],
    cancellationEmail: ["admin"],
    shipmentEmail: ["admin"],
    shipment: ["alice", "admin", "packer"],
    itemsReturned: ["alice", "admin", "packer"],
    location: ["anonymous", "alice", "bob", "admin", "packer"],
    transfer: ["admin"],
    movement: ["admin"],
    event: ["admin"],
    webhookEndpoint: ["admin"],
    webhookDelivery: ["admin"],
    // The signing secrets: not even admins (they are shown once, when made).
    webhookSecrets: [],
    adminAlert: ["admin"],
    rateLimit: ["admin"],
    emailTemplate: ["admin"],
    hold: ["alice", "admin", "packer"],
    buyerHolds: ["alice", "admin"],
    other: [],
  };

  for (const [name, path] of Object.entries(documents) as [keyof typeof documents, string][]) {
    it(`${name} (${path}): read only by ${readable[name].join(", ") || "nobody"}, written by no client`, async function () {
      const roles = { anonymous, alice, bob, admin, packer };
      for (const [role, db] of Object.entries(roles) as [keyof typeof roles, Firestore][]) {
        const read = getDoc(doc(db, path));
        await (readable[name].includes(role) ? assertSucceeds(read) : assertFails(read));
        await assertFails(setDoc(doc(db, path), { forged: true }));
        await assertFails(updateDoc(doc(db, path), { forged: true }));
        await assertFails(deleteDoc(doc(db, path)));
      }
    });
  }

  it("lets a buyer list their own orders, not everyone's; admins list all", async function () {
    await assertSucceeds(getDocs(query(collection(alice, "orders"), where("uid", "==", "alice"))));
    await assertFails(getDocs(collection(bob, "orders")));
    await assertFails(getDocs(collection(anonymous, "orders")));
    await assertSucceeds(getDocs(collection(admin, "orders")));
    await assertSucceeds(getDocs(collection(packer, "orders")));
    await assertFails(getDocs(collection(packer, "stockMovements")));
    await assertSucceeds(getDocs(collection(admin, "stockMovements")));
    await assertFails(getDocs(collection(alice, "stockMovements")));
    await assertSucceeds(getDocs(collection(admin, "events")));
    await assertFails(getDocs(collection(packer, "events")));
    await assertFails(getDocs(collection(alice, "events")));
  });

  it("never lets a client create a product or an order", async function () {
    for (const db of [anonymous, alice, admin]) {
      await assertFails(setDoc(doc(db, "products/new"), { name: "Free", price: 0, currency: "EUR", quantity: 1, status: "in_stock" }));
      await assertFails(setDoc(doc(db, "orders/forged"), { uid: "alice", total: 0 }));
    }
  });
});
