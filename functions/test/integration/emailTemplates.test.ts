// Brandable emails: a shop's template in Firestore changes the next email that reaches the
// SMTP server, per language, without a deploy; a broken one falls back to the built-in
// template and is logged; buyer- and catalog-controlled text can't break out of HTML or headers.
import { expect } from "chai";
import { Timestamp } from "firebase-admin/firestore";
import { smtp } from "./setup";
import { closeClients, newBuyer, newRequestId, type Buyer } from "../../../tools/testkit/buyers";
import { seedProduct, shopDb, uniqueId } from "../../../tools/testkit/emulator";
import { deliverConfirmation } from "../../src/email/deliverOrderEmail";
import { previewOrderEmail } from "../../src/email/previewEmail";
import { db as functionsDb } from "../../src/firestore/db";
import { orderReference } from "../../src/model/orderReference";

const SHOP = "Demo Shop"; // SHOP_NAME in functions/.env.local

describe("email templates in Firestore (Functions emulator trigger, real SMTP)", function () {
  this.timeout(60_000);
  let buyer: Buyer;

  before(async function () {
    buyer = await newBuyer();
  });

  after(async function () {
    await closeClients([buyer.app]);
    // Templates for languages no other test orders in; removed so reruns start clean.
    await Promise.all(["confirmation_fr-CA", "confirmation_nl"].map((id) => shopDb().collection("emailTemplates").doc(id).delete()));
  });

  it("uses the shop's template for the buyer's language, and an edit applies to the next email", async function () {
    const productId = uniqueId("grinder");
    await seedProduct(productId, { name: "<b>Moulin</b> & Co", price: 12900, quantity: 10 });
    const template = shopDb().collection("emailTemplates").doc("confirmation_fr-CA");
    await template.set({
      subject: "{{shop.name}} : commande {{order.reference}} confirmée",
      html: "<p>Merci ! {{order.items.0.name}}</p>{{> htmlFooter}}",
    });

    const { data: first } = await buyer.placeOrder({ items: [{ productId, quantity: 2 }], requestId: newRequestId(), locale: "fr-CA" });
    expect(first.reference).to.equal(orderReference(first.orderId));
    const [mail] = await smtp.waitForOrder(first.orderId);
    expect(mail!.subject).to.equal(`${SHOP} : commande ${first.reference} confirmée`);
    expect(mail!.html).to.contain("Merci !").and.contain("&lt;b&gt;Moulin&lt;/b&gt; &amp; Co").and.not.contain("<b>Moulin");
    // Parts the template leaves out come from the built-in one, with fr-CA amounts.
    expect(mail!.text).to.contain(first.orderId).and.match(/Total: 258,00\s€/);
    expect((await shopDb().collection("orders").doc(first.orderId).get()).get("locale")).to.equal("fr-CA");

    await template.update({ subject: "Nouvelle commande {{order.reference}}" });
    const { data: second } = await buyer.placeOrder({ items: [{ productId, quantity: 1 }], requestId: newRequestId(), locale: "fr-CA" });
    expect((await smtp.waitForOrder(second.orderId))[0]!.subject).to.equal(`Nouvelle commande ${second.reference}`);

    // Another language falls back to the built-in template in the default language.
    const { data: third } = await buyer.placeOrder({ items: [{ productId, quantity: 1 }], requestId: newRequestId(), locale: "sv" });
    const [plain] = await smtp.waitForOrder(third.orderId);
    expect(plain!.subject).to.equal(`${SHOP}: order ${third.reference} confirmed`);
    expect(plain!.text).to.match(/Total: €129\.00/);
  });

  it("keeps catalog text out of the headers, even through a template's subject", async function () {
    const productId = uniqueId("kettle");
    await seedProduct(productId, { name: "Kettle\r\nBcc: victim@example.com", quantity: 5 });
    await shopDb().collection("emailTemplates").doc("confirmation_nl").set({ subject: "Bestelling: {{order.items.0.name}}" });
    const { data } = await buyer.placeOrder({ items: [{ productId, quantity: 1 }], requestId: newRequestId(), locale: "nl" });
    const [mail] = await smtp.waitForOrder(data.orderId);
    expect(mail!.subject).to.equal("Bestelling: Kettle Bcc: victim@example.com");
    expect(mail!.to).to.deep.equal([buyer.email]);
    expect(mail!.headers.has("bcc")).to.equal(false);
  });
});

describe("a broken email template (in-process delivery, real SMTP)", function () {
  this.timeout(30_000);
  const logged: string[] = [];
  let restore: (() => void) | undefined;

  // The functions' logger writes ERROR entries as JSON lines to stderr.
  function captureStderr(): void {
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      logged.push(String(chunk));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    });
    restore = () => (process.stderr.write = write);
  }

  afterEach(function () {
    restore?.();
  });

  it("sends the built-in email and logs an error naming the template and the problem", async function () {
    // In-process code talks to the wrapped project (see redelivery.test.ts), so this template
    // can't affect the emulator's emails.
    const db = functionsDb();
    await db.collection("emailTemplates").doc("confirmation_de-AT").set({ subject: "{{#if order.id}}never closed", text: "Danke!" });
    const orderId = uniqueId("broken-template");
    await db.collection("orders").doc(orderId).set({
      uid: "buyer-1",
      email: "buyer@shop.test",
      items: [{ productId: "p1", name: "Teekanne", quantity: 1, unitPrice: 2000 }],
      total: 2000,
      currency: "EUR",
      status: "confirmed",
      createdAt: Timestamp.now(),
      requestId: "request-broken-template",
      locale: "de-AT",
      confirmation: { status: "pending", attempts: 0 },
    });

    captureStderr();
    expect(await deliverConfirmation(orderId)).to.equal("sent");
    restore?.();

    const [mail] = await smtp.waitForOrder(orderId);
    expect(mail!.subject).to.match(new RegExp(`: order ${orderReference(orderId)} confirmed$`));
    expect(mail!.text).to.contain("Thank you for your order!").and.not.contain("Danke");
    const entry = logged.map((line) => line.trim()).find((line) => line.includes("Email template failed"));
    expect(entry, "an ERROR log line").to.be.a("string");
    const json = JSON.parse(entry!) as { severity: string; template: string; problems: string[]; orderId: string };
    expect([json.severity, json.template, json.orderId]).to.deep.equal(["ERROR", "emailTemplates/confirmation_de-AT", orderId]);
    expect(json.problems.join(" ")).to.match(/emailTemplates\/confirmation_de-AT: .*/);

    const preview = await previewOrderEmail({ kind: "confirmation", orderId });
    expect(preview.source).to.equal("default");
    expect(preview.problems).to.have.length(1);
    await db.collection("emailTemplates").doc("confirmation_de-AT").delete();
  });
});
