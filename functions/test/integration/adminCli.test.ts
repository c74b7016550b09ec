// `npm run admin` as a user runs it: a child process against the running emulators.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { getAuth } from "firebase-admin/auth";
import { newBuyer, closeClients } from "../../../tools/testkit/buyers";
import { shopApp, shopDb, uniqueId } from "../../../tools/testkit/emulator";

const run = promisify(execFile);
const CLI = join(__dirname, "..", "..", "..", "tools", "admin", "admin.ts");
const TSX = join(__dirname, "..", "..", "..", "node_modules", ".bin", "tsx");

// A user's shell, not this test process: without the params other suites set in-process, so
// the CLI reads them from functions/.env* like the functions do.
function userEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ["SHOP_NAME", "SUPPORT_EMAIL", "LOGO_URL", "DEFAULT_LOCALE"]) delete env[name];
  return env;
}

async function admin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [CLI, ...args], { env: userEnv(), timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npm run admin (CLI against the emulators)", function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), "admin-cli-"));

  it("seeds a CSV catalog through the ledger, and refuses a bad file whole", async function () {
    const [a, b] = [uniqueId("csv"), uniqueId("csv")];
    const good = join(dir, "catalog.csv");
    writeFileSync(good, `productId,name,price,currency,quantity\n${a},"Press, 1 l",3490,EUR,12\n${b},Cup,900,EUR,0\n`);
    const seeded = await admin("seed", good);
    expect(seeded.code, seeded.stderr).to.equal(0);
    expect((await shopDb().collection("products").doc(a).get()).data()).to.deep.equal({ name: "Press, 1 l", price: 3490, currency: "EUR", quantity: 12, status: "in_stock", onHand: 12, committed: 0, held: 0, lowStock: false, lowStockAt: [], locations: { default: { onHand: 12, committed: 0, held: 0 } }, alerts: {}, eventSequence: 1, revision: 1 });
    expect((await shopDb().collection("products").doc(b).get()).data()).to.include({ quantity: 0, status: "out_of_stock" });

    const c = uniqueId("csv");
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify([{ productId: c, name: "Fine", price: 100, currency: "EUR", quantity: 1 }, { productId: "a/b", name: "", price: 1.5, currency: "EURO" }]));
    const refused = await admin("seed", bad);
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.contain("row 2").and.contain("nothing was written");
    expect((await shopDb().collection("products").doc(c).get()).exists).to.equal(false);

    const check = await admin("ledger-check", a, b);
    expect(check.code, check.stdout).to.equal(0);
    expect(check.stdout).to.contain(a);
  });

  it("re-seeds an existing catalog without touching its stock, unless told to count it", async function () {
    const productId = uniqueId("reseed");
    const file = join(dir, "reseed.json");
    writeFileSync(file, JSON.stringify([{ productId, name: "Grinder", price: 12900, currency: "EUR", quantity: 8 }]));
    expect((await admin("seed", file)).code).to.equal(0);
    // The shop sells 3, then edits its catalog file (a new price) and seeds it again.
    await shopDb().collection("products").doc(productId).update({ quantity: 5 });
    await shopDb().collection("stockMovements").add({ productId, cause: "order", delta: -3, quantityBefore: 8, quantityAfter: 5, at: new Date() });
    writeFileSync(file, JSON.stringify([{ productId, name: "Grinder", price: 11900, currency: "EUR", quantity: 8 }]));
    const again = await admin("seed", file);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.contain("--set-stock");
    expect((await shopDb().collection("products").doc(productId).get()).data()).to.include({ price: 11900, quantity: 5 });

    // Told to set it, the file's quantity is a stock-take (the shelf's count), with its reason.
    const counted = await admin("seed", "--set-stock", file);
    expect(counted.code, counted.stderr).to.equal(0);
    expect((await shopDb().collection("products").doc(productId).get()).data()).to.include({ quantity: 8 });
    const causes = (await shopDb().collection("stockMovements").where("productId", "==", productId).orderBy("at").get()).docs.map((doc) => `${doc.get("cause") as string} ${doc.get("reason") as string | undefined ?? ""}`.trim());
    expect(causes).to.deep.equal(["create", "order", "adjustment catalog seed (--set-stock)"]);
  });

  it("grants and revokes the admin and fulfilment claims, each leaving the other as it was", async function () {
    const user = await newBuyer();
    const claims = async () => (await getAuth(shopApp()).getUser(user.uid)).customClaims ?? {};
    try {
      expect((await admin("grant-admin", user.email!)).code).to.equal(0);
      expect(await claims()).to.include({ admin: true });
      expect((await admin("grant-fulfilment", user.email!)).code).to.equal(0);
      expect(await claims()).to.deep.equal({ admin: true, fulfilment: true });
      expect((await admin("revoke-admin", user.email!)).code).to.equal(0);
      expect(await claims()).to.deep.equal({ fulfilment: true });
      expect((await admin("revoke-fulfilment", user.email!)).code).to.equal(0);
      expect(await claims()).to.deep.equal({});
      expect((await admin("grant-admin", "nobody@nowhere.test")).code).to.equal(2);
      expect((await admin("grant-fulfilment", "nobody@nowhere.test")).code).to.equal(2);
    } finally {
      await closeClients([user.app]);
    }
  });

  it("flags a stock change made outside the backend", async function () {
    const productId = uniqueId("drift");
    const file = join(dir, "drift.json");
    writeFileSync(file, JSON.stringify([{ productId, name: "Drift", price: 100, currency: "EUR", quantity: 5 }]));
    expect((await admin("seed", file)).code).to.equal(0);
    await shopDb().collection("products").doc(productId).update({ quantity: 9 });
    const check = await admin("ledger-check", productId);
    expect(check.code).to.equal(1);
    expect(check.stdout).to.contain("ends at 5");
  });

  it("previews an email without sending it: a sample order, a real order's shop template, and bad input", async function () {
    const sample = await admin("preview-email", "confirmation");
    expect(sample.code, sample.stderr).to.equal(0);
    expect(sample.stdout).to.contain("Template: default (sample order)").and.match(/Subject: Demo Shop: order [2-9A-HJKMNP-TW-Z]{8} confirmed/);

    const orderId = uniqueId("preview");
    await shopDb().collection("orders").doc(orderId).set({ uid: "u", email: "buyer@shop.test", items: [{ productId: "p", name: "Kettle", quantity: 1, unitPrice: 2500 }], total: 2500, currency: "EUR", status: "confirmed", locale: "it" });
    await shopDb().collection("emailTemplates").doc("confirmation_it").set({ subject: "Ordine {{order.reference}}" });
    try {
      const real = await admin("preview-email", "confirmation", orderId, "--html", join(dir, "preview.html"));
      expect(real.code, real.stderr).to.equal(0);
      expect(real.stdout).to.contain("Template: emailTemplates/confirmation_it").and.match(/Subject: Ordine [2-9A-HJKMNP-TW-Z]{8}/).and.contain("Kettle");
      await shopDb().collection("emailTemplates").doc("confirmation_it").set({ subject: "{{#each}}" });
      const broken = await admin("preview-email", "confirmation", orderId);
      expect(broken.code).to.equal(1);
      expect(broken.stdout).to.contain("Problem: emailTemplates/confirmation_it:");
    } finally {
      await shopDb().collection("emailTemplates").doc("confirmation_it").delete();
    }
    const bad = await admin("preview-email", "shipping");
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain("kind");
  });

  it("counts orders from before committed stock into stock (dry run first), and marks old orders shipped without emails", async function () {
    const productId = uniqueId("legacy");
    await shopDb().collection("products").doc(productId).set({ name: "Old stock", price: 500, currency: "EUR", quantity: 5, status: "in_stock" });
    // Two orders as the previous version wrote them (5 units out of `quantity`, in no bucket), long ago.
    const legacy = await Promise.all(
      [3, 2].map(async (units) => {
        const ref = shopDb().collection("orders").doc(uniqueId("old-order"));
        await ref.set({ uid: "u", email: "buyer@shop.test", items: [{ productId, name: "Old stock", quantity: units, unitPrice: 500 }], total: units * 500, currency: "EUR", status: "confirmed", requestId: uniqueId("r"), createdAt: new Date("2001-03-01T10:00:00Z"), confirmation: { status: "sent", attempts: 1 } });
        return ref.id;
      }),
    );
    const product = async () => (await shopDb().collection("products").doc(productId).get()).data();
    // And one counted in committed stock before orders kept `shipsFrom` (on no location's pick list yet).
    const counted = shopDb().collection("orders").doc(uniqueId("counted-order"));
    await counted.set({ uid: "u", email: "buyer@shop.test", items: [{ productId: uniqueId("gone"), name: "Counted", quantity: 1, unitPrice: 500 }], total: 500, currency: "EUR", status: "confirmed", stock: "committed", requestId: uniqueId("r"), createdAt: new Date("2003-03-01T10:00:00Z"), confirmation: { status: "sent", attempts: 1 } });

    const dry = await admin("migrate-stock");
    expect(dry.code, dry.stderr).to.equal(0);
    // eslint-disable-next-line no-control-regex -- the table's colours
    expect(dry.stdout.replace(/\u001b\[[0-9;]*m/g, "")).to.match(new RegExp(`${productId}\\s*│\\s*5`)).and.contain("dry run");
    // A dry run changes nothing (the product.changed_outside trigger's own bookkeeping aside: the
    // product was written here with the Admin SDK, as a console would).
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- left out on purpose
    const { revision, eventSequence, lastOutsideChange, ...asSeeded } = (await product()) ?? {};
    expect(asSeeded).to.deep.equal({ name: "Old stock", price: 500, currency: "EUR", quantity: 5, status: "in_stock" });

    const applied = await admin("migrate-stock", "--apply");
    expect(applied.code, applied.stderr).to.equal(0);
    expect(await product()).to.include({ quantity: 5, onHand: 10, committed: 5, held: 0 });
    for (const orderId of legacy) expect((await shopDb().collection("orders").doc(orderId).get()).data()).to.deep.include({ stock: "committed", shipsFrom: ["default"] });
    expect((await counted.get()).get("shipsFrom")).to.deep.equal(["default"]);
    const again = await admin("migrate-stock", "--apply");
    expect(again.stdout).to.not.contain(productId);
    expect(await product()).to.include({ onHand: 10, committed: 5 });

    const shipDry = await admin("mark-shipped", "--before", "2002-01-01");
    expect(shipDry.stdout).to.contain("2 open orders placed before 2002-01-01 would be marked shipped (5 units)");
    expect(await product()).to.include({ onHand: 10, committed: 5 });
    const shipped = await admin("mark-shipped", "--before", "2002-01-01", "--apply");
    expect(shipped.code, shipped.stderr).to.equal(0);
    expect(shipped.stdout).to.contain("2 of 2 open orders placed before 2002-01-01 marked shipped (5 units); no emails sent");
    expect(await product()).to.include({ quantity: 5, onHand: 5, committed: 0 });
    for (const orderId of legacy) {
      expect((await shopDb().collection("orders").doc(orderId).get()).get("status")).to.equal("fulfilled");
      expect((await shopDb().collection("orders").doc(orderId).collection("emails").get()).size, "no shipment email").to.equal(0);
    }
    expect((await admin("mark-shipped", "--before", "yesterday")).code).to.equal(2);
    const check = await admin("ledger-check", productId);
    expect(check.code, check.stdout).to.equal(0);
  });
});
