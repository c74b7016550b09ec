import { expect } from "chai";
import { formatMoney, headerSafe, renderConfirmation } from "../../src/email/orderEmailContent";
import { isPermanentSmtpFailure } from "../../src/email/deliverOrderEmail";

describe("confirmation email rendering", function () {
  const order = {
    items: [
      { productId: "a", name: "Mug", quantity: 2, unitPrice: 1250 },
      { productId: "b", name: '<script>alert("x")</script> & Co', quantity: 1, unitPrice: 500 },
    ],
    total: 3000,
    currency: "EUR",
  };

  it("lists the order id, lines and total in text and HTML", function () {
    const email = renderConfirmation("order123", order);
    expect(email.subject).to.equal("Order order123 confirmed");
    expect(email.text).to.contain("order123").and.contain("2 x Mug").and.contain("Total: €30.00");
    expect(email.html).to.contain("order123").and.contain("€30.00").and.contain("Mug");
  });

  it("escapes product names in HTML", function () {
    const { html } = renderConfirmation("o1", order);
    expect(html).to.not.contain("<script>");
    expect(html).to.contain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co");
  });

  it("keeps header values on one line", function () {
    expect(headerSafe("Order 1\r\nBcc: victim@example.com")).to.equal("Order 1 Bcc: victim@example.com");
  });

  it("formats minor units per currency", function () {
    expect(formatMoney(1999, "EUR")).to.equal("€19.99");
    expect(formatMoney(1999, "JPY")).to.equal("¥1,999");
    expect(formatMoney(1999, "KWD")).to.match(/^KWD\s1\.999$/);
  });

  it("tells permanent SMTP failures from transient ones", function () {
    expect(isPermanentSmtpFailure({ responseCode: 550 })).to.equal(true);
    expect(isPermanentSmtpFailure({ responseCode: 451 })).to.equal(false);
    expect(isPermanentSmtpFailure({ code: "ECONNREFUSED" })).to.equal(false);
  });
});
