// The platform may deliver one Firestore event more than once, or concurrently. The
// emulator never redelivers, so these tests deliver the same event themselves with
// firebase-functions-test, against the real Firestore emulator and the real SMTP sink.
import { expect } from "chai";
import { Timestamp } from "firebase-admin/firestore";
import functionsTest from "firebase-functions-test";
import { useEmailParams } from "./inProcessParams";
import { smtp } from "./setup";
import { startHangingServer } from "../../../tools/testkit/smtpSink";
import { SMTP_PORT, WRAPPED_PROJECT_ID } from "../../../tools/testkit/emulator";
import { sendOrderConfirmation } from "../../src/api/sendOrderConfirmation";
import { db as functionsDb } from "../../src/firestore/db";

// A project of its own, so the Functions emulator's trigger (which watches demo-inventory)
// never sees these orders: every send counted here comes from the wrapped function.
const PROJECT_ID = WRAPPED_PROJECT_ID;
const HANGING_PORT = 1026;

useEmailParams();

describe("confirmation email under redelivery (firebase-functions-test)", function () {
  const fft = functionsTest({ projectId: PROJECT_ID });
  let wrapped: (event: unknown) => Promise<unknown>;
  let db: FirebaseFirestore.Firestore;

  before(function () {
    // Params and the Admin SDK are read lazily, so the environment above is in place by now.
    wrapped = fft.wrap(sendOrderConfirmation) as unknown as (event: unknown) => Promise<unknown>;
    db = functionsDb();
  });

  after(function () {
    fft.cleanup();
  });

  async function newOrder(orderId: string): Promise<unknown> {
    const data: Record<string, unknown> = {
      uid: "buyer-1",
      email: "buyer@shop.test",
      items: [{ productId: "p1", name: "Teapot", quantity: 1, unitPrice: 2000 }],
      total: 2000,
      currency: "EUR",
      status: "confirmed",
      createdAt: Timestamp.now(),
      requestId: `req-${orderId}`,
      confirmation: { status: "pending", attempts: 0 },
    };
    await db.collection("orders").doc(orderId).set(data);
    const snapshot: unknown = fft.firestore.makeDocumentSnapshot(data, `orders/${orderId}`);
    return { data: snapshot, params: { orderId } };
  }

  it("sends once when the same event is delivered twice in a row", async function () {
    const orderId = `redeliver-${Date.now()}`;
    const event = await newOrder(orderId);
    await wrapped(event);
    await wrapped(event);
    expect(smtp.forOrder(orderId)).to.have.length(1);
    const confirmation = (await db.collection("orders").doc(orderId).get()).data()?.confirmation as Record<string, unknown>;
    expect(confirmation).to.include({ status: "sent", attempts: 1 });
  });

  it("sends once when the same event is delivered twice at the same time", async function () {
    const orderId = `concurrent-${Date.now()}`;
    const event = await newOrder(orderId);
    await Promise.all([wrapped(event), wrapped(event), wrapped(event)]);
    expect(smtp.forOrder(orderId)).to.have.length(1);
    const confirmation = (await db.collection("orders").doc(orderId).get()).data()?.confirmation as Record<string, unknown>;
    expect(confirmation).to.include({ status: "sent", attempts: 1 });
  });

  it("throws on a transient SMTP failure so the platform retries, then sends on redelivery", async function () {
    const orderId = `transient-${Date.now()}`;
    const event = await newOrder(orderId);
    smtp.mode = "reject-transient";
    try {
      let failure: unknown;
      await wrapped(event).catch((error: unknown) => (failure = error));
      expect(failure, "a transient failure must throw").to.be.instanceOf(Error);
    } finally {
      smtp.mode = "accept";
    }
    let confirmation = (await db.collection("orders").doc(orderId).get()).data()?.confirmation as Record<string, unknown>;
    expect(confirmation).to.include({ status: "pending", attempts: 1 });
    expect(confirmation.lastError).to.contain("451");

    await wrapped(event);
    confirmation = (await db.collection("orders").doc(orderId).get()).data()?.confirmation as Record<string, unknown>;
    expect(confirmation).to.include({ status: "sent", attempts: 2 });
    expect(smtp.forOrder(orderId)).to.have.length(1);
  });

  it("gives up on a server that accepts and then hangs within the configured timeout, and retries later", async function () {
    this.timeout(30_000);
    const orderId = `hang-${Date.now()}`;
    const event = await newOrder(orderId);
    const hanging = await startHangingServer(HANGING_PORT);
    process.env.SMTP_PORT = String(HANGING_PORT);
    process.env.SMTP_TIMEOUT_SECONDS = "1";
    const started = Date.now();
    try {
      const failure = await wrapped(event).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure, "a timeout is transient: it must throw").to.be.instanceOf(Error);
      expect(Date.now() - started).to.be.below(5000);
      expect(hanging.connections()).to.be.at.least(1);
    } finally {
      process.env.SMTP_PORT = String(SMTP_PORT);
      process.env.SMTP_TIMEOUT_SECONDS = "10";
      await hanging.stop();
    }
    let confirmation = (await db.collection("orders").doc(orderId).get()).data()?.confirmation as Record<string, unknown>;
    expect(confirmation).to.include({ status: "pending", attempts: 1 });
    expect(confirmation.lastError).to.match(/timeout/i);

    await wrapped(event);
    confirmation = (await db.collection("orders").doc(orderId).get()).data()?.confirmation as Record<string, unknown>;
    expect(confirmation).to.include({ status: "sent", attempts: 2 });
    expect(smtp.forOrder(orderId)).to.have.length(1);
  });

  it("marks a permanent rejection failed, with the reason, and does not throw", async function () {
    const orderId = `permanent-${Date.now()}`;
    const event = await newOrder(orderId);
    smtp.mode = "reject-permanent";
    try {
      await wrapped(event);
    } finally {
      smtp.mode = "accept";
    }
    await wrapped(event);
    const confirmation = (await db.collection("orders").doc(orderId).get()).data()?.confirmation as Record<string, unknown>;
    expect(confirmation).to.include({ status: "failed", attempts: 1 });
    expect(confirmation.lastError).to.contain("550");
    expect(smtp.forOrder(orderId)).to.have.length(0);
  });
});
