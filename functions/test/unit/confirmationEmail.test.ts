import { expect } from "chai";
import { emailContext, formatMoney, headerSafe, type EmailOrder } from "../../src/email/orderEmailContent";
import { isPermanentSmtpFailure } from "../../src/email/deliverOrderEmail";
import { renderEmail } from "../../src/email/renderTemplate";
import { templateCandidates } from "../../src/email/templateStore";
import { orderReference, REFERENCE_ALPHABET } from "../../src/model/orderReference";

const shop = { name: "Bean & Co", supportEmail: "help@bean.example", logoUrl: "" };
const order: EmailOrder = {
  email: "buyer@example.com",
  status: "confirmed",
  items: [
    { productId: "a", name: "Mug", quantity: 2, unitPrice: 1250 },
    { productId: "b", name: '<script>alert("x")</script> & Co', quantity: 1, unitPrice: 500 },
  ],
  total: 3000,
  currency: "EUR",
};
const context = (locale = "en", o: EmailOrder = order) => emailContext("order123", o, shop, locale);

describe("order email rendering", function () {
  it("shows where the order ships, the country named in the buyer's language, escaped in HTML", function () {
    const shipped: EmailOrder = { ...order, shippingAddress: { name: "Alex <b>Example</b>", lines: ["12 Sample Street", "Flat 3"], city: "Berlin", postalCode: "10115", country: "DE" } };
    const { email } = renderEmail("confirmation", context("de", shipped));
    expect(email.text).to.contain("Ships to:\nAlex <b>Example</b>\n12 Sample Street\nFlat 3\n10115 Berlin\nDeutschland\n");
    expect(email.html).to.contain("Alex &lt;b&gt;Example&lt;/b&gt;<br>12 Sample Street<br>Flat 3<br>10115 Berlin<br>Deutschland");
    // Without an address, nothing about shipping (and the text as before).
    expect(renderEmail("confirmation", context()).email.text).to.not.contain("Ships to");
  });

  it("puts the short reference in the subject and the full order id, lines and total in the body", function () {
    const { email, source, problems } = renderEmail("confirmation", context());
    const reference = orderReference("order123");
    expect([source, problems]).to.deep.equal(["default", []]);
    expect(email.subject).to.equal(`Bean & Co: order ${reference} confirmed`);
    expect(email.text).to.contain(reference).and.contain("order123").and.contain("2 x Mug").and.contain("Total: €30.00").and.contain("help@bean.example");
    expect(email.html).to.contain(reference).and.contain("order123").and.contain("€30.00").and.contain("Bean &amp; Co");
  });

  it("escapes buyer- and catalog-controlled text in HTML, and not in plain text", function () {
    const { email } = renderEmail("confirmation", context());
    expect(email.html).to.not.contain("<script>");
    expect(email.html).to.contain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co");
    expect(email.text).to.contain('<script>alert("x")</script> & Co');
  });

  it("keeps the subject on one line, whatever a template or a product name holds", function () {
    expect(headerSafe("Order 1\r\nBcc: victim@example.com")).to.equal("Order 1 Bcc: victim@example.com");
    const evil = { ...order, items: [{ productId: "x", name: "Mug\r\nBcc: victim@example.com", quantity: 1, unitPrice: 100 }] };
    const { email } = renderEmail("confirmation", context("en", evil), { path: "emailTemplates/confirmation", data: { subject: "New: {{order.items.0.name}}\n{{order.reference}}" } });
    expect(email.subject).to.not.match(/[\r\n]/);
    expect(email.subject).to.equal(`New: Mug Bcc: victim@example.com ${orderReference("order123")}`);
  });

  it("uses a shop's override, filling the parts it leaves out from the defaults", function () {
    const { email, source } = renderEmail("confirmation", context(), {
      path: "emailTemplates/confirmation",
      data: { subject: "Thanks from {{shop.name}} ({{order.reference}})", html: "<p>{{> htmlItems}}</p><p>{{order.items.1.name}}</p>", partials: { textFooter: "Cheers, {{shop.name}}" } },
    });
    expect(source).to.equal("emailTemplates/confirmation");
    expect(email.subject).to.equal(`Thanks from Bean & Co (${orderReference("order123")})`);
    expect(email.html).to.contain("&lt;script&gt;").and.contain("<table");
    expect(email.text).to.contain("Thank you for your order!").and.contain("Cheers, Bean & Co");
  });

  it("falls back to the built-in template when an override is broken, and says why", function () {
    const broken = [
      { subject: "{{#if order.id}}never closed" },
      { html: "{{> noSuchPartial}}" },
      { subject: 42 },
      { subject: "{{! only a comment }}" },
    ];
    for (const data of broken) {
      const rendering = renderEmail("confirmation", context(), { path: "emailTemplates/confirmation", data });
      expect(rendering.source, JSON.stringify(data)).to.equal("default");
      expect(rendering.email.subject).to.equal(`Bean & Co: order ${orderReference("order123")} confirmed`);
      expect(rendering.problems).to.have.length(1);
      expect(rendering.problems[0]).to.match(/^emailTemplates\/confirmation: /);
    }
  });

  it("gives a cancellation's reason in the shop's words, never text someone typed", function () {
    const cancelled = (reason: string, note?: string) => ({ ...order, status: "cancelled" as const, cancellation: { by: "u", role: "buyer" as const, at: undefined as never, reason, ...(note ? { note } : {}) } });
    const { email } = renderEmail("cancellation", context("en", cancelled("out-of-stock", "Claim your refund at http://evil.test")));
    expect(email.subject).to.match(/cancelled$/);
    expect(email.text).to.contain("Reason: An item could not be supplied.");
    expect(email.html).to.contain("Reason: An item could not be supplied.");
    for (const part of [email.subject, email.text, email.html]) expect(part).to.not.contain("evil.test");
    // Free text stored as the reason (orders cancelled before the codes) is left out.
    const legacy = renderEmail("cancellation", context("en", cancelled("Visit http://evil.test <b>now</b>"))).email;
    for (const part of [legacy.subject, legacy.text, legacy.html]) expect(part).to.not.match(/evil\.test|Reason:/);
    expect(renderEmail("cancellation", context("en", cancelled("other"))).email.text).to.not.contain("Reason:");
  });

  it("formats amounts in the template's language", function () {
    expect(renderEmail("confirmation", context("de")).email.text).to.match(/Total: 30,00\s€/);
    expect(formatMoney(1999, "EUR")).to.equal("€19.99");
    expect(formatMoney(1999, "JPY")).to.equal("¥1,999");
    expect(formatMoney(1999, "KWD")).to.match(/^KWD\s1\.999$/);
  });

  it("looks for the buyer's locale, then its language, then the kind", function () {
    expect(templateCandidates("confirmation", "pt-BR")).to.deep.equal([
      { id: "confirmation_pt-BR", locale: "pt-BR" },
      { id: "confirmation_pt", locale: "pt" },
      { id: "confirmation" },
    ]);
    expect(templateCandidates("cancellation", "de")).to.deep.equal([{ id: "cancellation_de", locale: "de" }, { id: "cancellation" }]);
    expect(templateCandidates("confirmation", undefined)).to.deep.equal([{ id: "confirmation" }]);
  });

  it("tells permanent SMTP failures from transient ones", function () {
    expect(isPermanentSmtpFailure({ responseCode: 550 })).to.equal(true);
    expect(isPermanentSmtpFailure({ responseCode: 451 })).to.equal(false);
    expect(isPermanentSmtpFailure({ code: "ECONNREFUSED" })).to.equal(false);
  });
});

describe("order reference", function () {
  it("is 8 characters without look-alikes, stable per order, and spread out", function () {
    const ids = Array.from({ length: 20_000 }, (_, i) => `${i.toString(16).padStart(8, "0")}${"f".repeat(24)}`);
    const references = ids.map(orderReference);
    for (const reference of references) {
      expect(reference).to.have.length(8);
      expect([...reference].every((char) => REFERENCE_ALPHABET.includes(char))).to.equal(true);
    }
    expect(REFERENCE_ALPHABET).to.not.match(/[01ILOUV]/);
    expect(orderReference(ids[0]!)).to.equal(references[0]);
    expect(new Set(references).size).to.equal(references.length);
  });
});
