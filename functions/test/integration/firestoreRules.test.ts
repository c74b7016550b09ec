import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assertFails, assertSucceeds, initializeTestEnvironment, type RulesTestEnvironment } from "@firebase/rules-unit-testing";
import { doc, getDoc, setDoc, updateDoc, deleteDoc, collection, getDocs, query, where } from "firebase/firestore";
import { FIRESTORE_HOST } from "../../testkit/emulator";

describe("firestore.rules", function () {
  let env: RulesTestEnvironment;
  const [host, port] = FIRESTORE_HOST.split(":") as [string, string];

  before(async function () {
    env = await initializeTestEnvironment({
      projectId: "demo-inventory-rules",
      firestore: { rules: readFileSync(join(__dirname, "..", "..", "..", "firestore.rules"), "utf8"), host, port: Number(port) },
    });
    await env.withSecurityRulesDisabled(async (context) => {
      const db = context.firestore();
      await setDoc(doc(db, "products/mug"), { name: "Mug", price: 1250, currency: "EUR", quantity: 5, status: "in_stock" });
      await setDoc(doc(db, "orders/alice-order"), { uid: "alice", email: "alice@shop.test", total: 1250 });
      await setDoc(doc(db, "secrets/x"), { value: 1 });
    });
  });

  after(async function () {
    await env.cleanup();
  });

  it("lets anyone read products", async function () {
    await assertSucceeds(getDoc(doc(env.unauthenticatedContext().firestore(), "products/mug")));
    await assertSucceeds(getDoc(doc(env.authenticatedContext("alice").firestore(), "products/mug")));
  });

  it("never lets a client write products", async function () {
    const db = env.authenticatedContext("alice", { email: "alice@shop.test" }).firestore();
    await assertFails(updateDoc(doc(db, "products/mug"), { quantity: 999 }));
    await assertFails(setDoc(doc(db, "products/new"), { name: "Free", price: 0, currency: "EUR", quantity: 1, status: "in_stock" }));
    await assertFails(deleteDoc(doc(db, "products/mug")));
    await assertFails(updateDoc(doc(env.unauthenticatedContext().firestore(), "products/mug"), { quantity: 0 }));
  });

  it("lets a buyer read only their own orders", async function () {
    await assertSucceeds(getDoc(doc(env.authenticatedContext("alice").firestore(), "orders/alice-order")));
    await assertSucceeds(getDocs(query(collection(env.authenticatedContext("alice").firestore(), "orders"), where("uid", "==", "alice"))));
    await assertFails(getDoc(doc(env.authenticatedContext("bob").firestore(), "orders/alice-order")));
    await assertFails(getDocs(collection(env.authenticatedContext("bob").firestore(), "orders")));
    await assertFails(getDoc(doc(env.unauthenticatedContext().firestore(), "orders/alice-order")));
  });

  it("never lets a client write orders, not even their own", async function () {
    const alice = env.authenticatedContext("alice").firestore();
    await assertFails(setDoc(doc(alice, "orders/forged"), { uid: "alice", total: 0 }));
    await assertFails(updateDoc(doc(alice, "orders/alice-order"), { total: 0 }));
    await assertFails(deleteDoc(doc(alice, "orders/alice-order")));
  });

  it("denies everything else", async function () {
    await assertFails(getDoc(doc(env.authenticatedContext("alice").firestore(), "secrets/x")));
    await assertFails(setDoc(doc(env.authenticatedContext("alice").firestore(), "anything/y"), { a: 1 }));
  });
});
