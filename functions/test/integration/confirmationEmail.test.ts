import { expect } from "chai";
import { smtp } from "./setup";
import { closeClients, newBuyer, newRequestId, type Buyer } from "../../../tools/testkit/buyers";
import { seedProduct, shopDb, uniqueId } from "../../../tools/testkit/emulator";
import { sleep } from "../../../tools/testkit/smtpSink";
import { orderReference } from "../../src/model/orderReference";

describe("confirmation email (Functions emulator trigger, real SMTP)", function () {
  let buyer: Buyer;

  before(async function () {
    buyer = await newBuyer();
  });

  after(async function () {
    await closeClients([buyer.app]);
  });

  it("sends one email per order to the buyer, with the order id, lines and total", async function () {
    this.timeout(60_000);
    const productId = uniqueId("lamp");
    await seedProduct(productId, { name: "Desk Lamp", price: 4999, currency: "EUR", quantity: 10 });
    const orderIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { data } = await buyer.placeOrder({ items: [{ productId, quantity: i + 1 }], requestId: newRequestId() });
      orderIds.push(data.orderId);
    }

    for (const [index, orderId] of orderIds.entries()) {
      const mails = await smtp.waitForOrder(orderId);
      expect(mails, `email for ${orderId}`).to.have.length(1);
      const mail = mails[0]!;
      expect(mail.to).to.deep.equal([buyer.email]);
      expect(mail.subject).to.contain(orderReference(orderId));
      expect(mail.text).to.contain(orderId).and.contain("Desk Lamp").and.contain(`${index + 1} x`);
      expect(mail.html).to.contain(orderId).and.contain("Desk Lamp");
      const total = new Intl.NumberFormat("en", { style: "currency", currency: "EUR" }).format(((index + 1) * 4999) / 100);
      expect(mail.text).to.contain(`Total: ${total}`);
    }

    // Delivery state lands on the order once the send finished.
    for (const orderId of orderIds) {
      let confirmation: Record<string, unknown> | undefined;
      for (let i = 0; i < 50; i++) {
        confirmation = (await shopDb().collection("orders").doc(orderId).get()).data()?.confirmation as Record<string, unknown>;
        if (confirmation.status === "sent") break;
        await sleep(100);
      }
      expect(confirmation).to.include({ status: "sent", attempts: 1 });
      expect(confirmation?.sentAt).to.exist;
      expect(confirmation?.messageId).to.be.a("string").that.contains(orderId);
    }
    await sleep(1000);
    for (const orderId of orderIds) expect(smtp.forOrder(orderId)).to.have.length(1);
  });
});
