// The confirmation email path under failure, end to end through the Functions emulator:
// SMTP outage then sweep, permanent rejection then admin re-send, unsafe product names.
import { expect } from "chai";
import { smtp } from "./setup";
import { attempt, callable, closeClients, newAdmin, newBuyer, newRequestId, type Buyer } from "../../../tools/testkit/buyers";
import { seedProduct, shopDb, uniqueId } from "../../../tools/testkit/emulator";
import { sleep } from "../../../tools/testkit/smtpSink";

interface Confirmation {
  status: string;
  attempts: number;
  lastError?: string;
}

async function confirmationOf(orderId: string): Promise<Confirmation> {
  return (await shopDb().collection("orders").doc(orderId).get()).data()?.confirmation as Confirmation;
}

// Polls until the order's confirmation satisfies `done` (the trigger runs asynchronously).
async function waitForConfirmation(orderId: string, done: (c: Confirmation) => boolean, timeoutMs = 30_000): Promise<Confirmation> {
  const until = Date.now() + timeoutMs;
  let confirmation = await confirmationOf(orderId);
  while (!done(confirmation) && Date.now() < until) {
    await sleep(200);
    confirmation = await confirmationOf(orderId);
  }
  return confirmation;
}

describe("confirmation email you can trust (emulators, real SMTP)", function () {
  let buyer: Buyer;
  let admin: Buyer;

  before(async function () {
    buyer = await newBuyer();
    admin = await newAdmin();
  });

  after(async function () {
    smtp.mode = "accept";
    await smtp.start();
    await closeClients([buyer.app, admin.app]);
  });

  it("confirms orders while SMTP is down, then the sweep sends exactly one email per order", async function () {
    this.timeout(300_000);
    const productId = uniqueId("outage");
    await seedProduct(productId, { quantity: 100 });
    await smtp.stop();
    let orderIds: string[];
    try {
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () => attempt(buyer.placeOrder({ items: [{ productId, quantity: 1 }], requestId: newRequestId() }))),
      );
      expect(outcomes.filter((o) => !o.ok).map((o) => o.code)).to.deep.equal([]);
      orderIds = outcomes.map((o) => o.value!.orderId);
      // The trigger fails for every order. The Functions emulator kills a worker whose
      // function threw, so events it was handed then are dropped (it never redelivers):
      // exactly the lost deliveries the sweep exists for. Wait for the attempts to settle.
      let confirmations = await Promise.all(orderIds.map(confirmationOf));
      for (let stableSince = Date.now(), seen = -1; Date.now() - stableSince < 10_000; ) {
        await sleep(1000);
        confirmations = await Promise.all(orderIds.map(confirmationOf));
        const attempted = confirmations.filter((c) => c.attempts >= 1).length;
        if (attempted !== seen) [seen, stableSince] = [attempted, Date.now()];
      }
      for (const confirmation of confirmations) {
        expect(confirmation.status, "nothing sent while SMTP is down").to.equal("pending");
        if (confirmation.attempts > 0) expect(confirmation.lastError).to.match(/ECONNREFUSED|connect/i);
      }
      expect(confirmations.filter((c) => c.attempts >= 1), "attempts recorded").to.not.be.empty;
    } finally {
      await smtp.start();
    }

    const sweep = callable<{ found: number; outcomes: Record<string, number> }>(admin.app, "sweepConfirmationsNow");
    const { data } = await sweep({ minAgeSeconds: 0 });
    expect(data.found).to.be.at.least(20);
    for (const orderId of orderIds) {
      expect(await smtp.waitForOrder(orderId), orderId).to.have.length(1);
      expect(await confirmationOf(orderId)).to.include({ status: "sent" });
    }
    // A second sweep finds nothing to send and sends nothing.
    await sweep({ minAgeSeconds: 0 });
    await sleep(500);
    for (const orderId of orderIds) expect(smtp.forOrder(orderId)).to.have.length(1);
  });

  it("marks a 5xx rejection failed without retrying; an admin re-send delivers it after the fix", async function () {
    this.timeout(60_000);
    const productId = uniqueId("rejected");
    await seedProduct(productId, { quantity: 5 });
    smtp.mode = "reject-permanent";
    let orderId: string;
    try {
      orderId = (await buyer.placeOrder({ items: [{ productId, quantity: 1 }], requestId: newRequestId() })).data.orderId;
      const confirmation = await waitForConfirmation(orderId, (c) => c.status === "failed");
      expect(confirmation).to.include({ status: "failed", attempts: 1 });
      expect(confirmation.lastError).to.contain("550");
      // Given up in the same commit as its email.failed event, the order's second.
      const events = (await shopDb().collection("events").where("resource.id", "==", orderId).get()).docs.map((doc) => doc.data());
      const failed = events.find((event) => event.type === "email.failed");
      expect(failed).to.deep.include({ sequence: 2 });
      expect(failed?.data).to.deep.nested.include({ "object.kind": "confirmation", "object.attempts": 1 });
      expect((failed?.data as { object: { error: string } }).object.error).to.contain("550");
    } finally {
      smtp.mode = "accept";
    }
    // The sweep leaves failed confirmations alone.
    await callable(admin.app, "sweepConfirmationsNow")({ minAgeSeconds: 0 });
    expect(smtp.forOrder(orderId)).to.have.length(0);

    const resend = callable<{ outcome: string }>(admin.app, "resendConfirmation");
    expect((await resend({ orderId })).data.outcome).to.equal("sent");
    expect(await smtp.waitForOrder(orderId)).to.have.length(1);
    expect(await confirmationOf(orderId)).to.include({ status: "sent", attempts: 2 });

    const again = await attempt(resend({ orderId }));
    expect(again.code).to.equal("functions/failed-precondition");
    expect(again.details).to.include({ reason: "already-sent" });
  });

  it("keeps the admin operations to admins", async function () {
    const sweep = await attempt(callable(buyer.app, "sweepConfirmationsNow")({}));
    expect(sweep.code).to.equal("functions/permission-denied");
    const resend = await attempt(callable(buyer.app, "resendConfirmation")({ orderId: "whatever" }));
    expect(resend.code).to.equal("functions/permission-denied");
    const bad = await attempt(callable(admin.app, "resendConfirmation")({ orderId: "a/b" }));
    expect(bad.code).to.equal("functions/invalid-argument");
  });

  it("escapes product names in the HTML and keeps them out of the headers", async function () {
    this.timeout(60_000);
    const productId = uniqueId("nasty");
    const name = '<img src=x onerror="alert(1)"> Mug & Co\r\nBcc: victim@evil.test';
    await seedProduct(productId, { quantity: 5, name });
    const { data } = await buyer.placeOrder({ items: [{ productId, quantity: 1 }], requestId: newRequestId() });
    const [mail] = await smtp.waitForOrder(data.orderId);
    expect(mail).to.exist;
    expect(mail!.to).to.deep.equal([buyer.email]);
    expect(mail!.headers.has("bcc")).to.equal(false);
    expect(mail!.html).to.not.contain("<img");
    // Handlebars escapes = and ` too (attribute-safe).
    expect(mail!.html).to.contain("&lt;img src&#x3D;x onerror&#x3D;&quot;alert(1)&quot;&gt; Mug &amp; Co");
    expect(mail!.text).to.contain("Mug & Co Bcc: victim@evil.test");
  });
});
