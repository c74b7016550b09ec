// The email sweep finds only this backend's order emails: a shop's own collection that happens
// to be named `emails` (a newsletter queue) is never taken for an order's notice, while a notice
// left pending under orders/{orderId}/emails is still found and sent. In-process, in the
// wrapped project, so no emulator trigger sends anything counted here.
import { expect } from "chai";
import { Timestamp } from "firebase-admin/firestore";
import functionsTest from "firebase-functions-test";
import { useEmailParams } from "./inProcessParams";
import { smtp } from "./setup";
import { WRAPPED_PROJECT_ID, uniqueId } from "../../../tools/testkit/emulator";
import { db as functionsDb } from "../../src/firestore/db";
import { sweepOrderEmails } from "../../src/email/sweepOrderEmails";

useEmailParams();

describe("email sweep scope (in-process)", function () {
  const fft = functionsTest({ projectId: WRAPPED_PROJECT_ID });

  after(function () {
    fft.cleanup();
  });

  const anHourAgo = () => Timestamp.fromMillis(Date.now() - 60 * 60_000);

  async function order(orderId: string, status: "confirmed" | "cancelled"): Promise<void> {
    await functionsDb()
      .collection("orders")
      .doc(orderId)
      .set({
        uid: "buyer-1",
        email: "buyer@shop.test",
        items: [{ productId: "p1", name: "Teapot", quantity: 1, unitPrice: 2000 }],
        total: 2000,
        currency: "EUR",
        status,
        createdAt: anHourAgo(),
        requestId: `req-${orderId}`,
        confirmation: { status: "sent", attempts: 1 },
      });
  }

  it("sends a notice pending under an order, and never touches a shop's own `emails` collection", async function () {
    // A shop's newsletter queue whose id happens to be an order's id: the old sweep took its
    // entry for that order's cancellation notice and emailed the buyer.
    const innocent = uniqueId("order");
    await order(innocent, "confirmed");
    const newsletter = functionsDb().collection("newsletters").doc(innocent).collection("emails").doc("cancellation");
    await newsletter.set({ status: "pending", createdAt: anHourAgo(), subject: "Our December offers" });
    const elsewhere = functionsDb().collection("newsletters").doc(uniqueId("issue")).collection("emails").doc("cancellation");
    await elsewhere.set({ status: "pending", createdAt: anHourAgo() });

    // A cancellation notice its trigger never delivered (an outage), written before this change.
    const cancelled = uniqueId("order");
    await order(cancelled, "cancelled");
    const notice = functionsDb().collection("orders").doc(cancelled).collection("emails").doc("cancellation");
    await notice.set({ kind: "cancellation", status: "pending", attempts: 0, createdAt: anHourAgo() });

    const summary = await sweepOrderEmails({ minAgeMs: 60_000, limit: 500 });
    expect(summary.outcomes["order-missing"] ?? 0, JSON.stringify(summary)).to.equal(0);
    expect(await smtp.waitForOrder(cancelled), "the pending notice is sent").to.have.length(1);
    expect((await notice.get()).get("status")).to.equal("sent");
    expect(smtp.forOrder(innocent), "no email for a document outside orders").to.have.length(0);
    const untouched = (await newsletter.get()).data() ?? {};
    expect(Object.keys(untouched).sort()).to.deep.equal(["createdAt", "status", "subject"]);
    expect(untouched.status).to.equal("pending");
    expect((await elsewhere.get()).get("status")).to.equal("pending");
  });
});
