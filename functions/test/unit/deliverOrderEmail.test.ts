import { expect } from "chai";
import { Timestamp } from "firebase-admin/firestore";
import { eventGivenUp, sendInProgress } from "../../src/email/deliverOrderEmail";

describe("email event give-up", function () {
  it("gives up on events older than the retry window only", function () {
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    expect(eventGivenUp(minutesAgo(5), 10)).to.be.false;
    expect(eventGivenUp(minutesAgo(11), 10)).to.be.true;
  });
});

describe("email send in progress", function () {
  it("is a claimed send whose lease hasn't run out", function () {
    const now = 1_000_000;
    expect(sendInProgress({ status: "sending", leaseExpiresAt: Timestamp.fromMillis(now + 1) }, now)).to.be.true;
    expect(sendInProgress({ status: "sending", leaseExpiresAt: Timestamp.fromMillis(now) }, now)).to.be.false;
    expect(sendInProgress({ status: "sending" }, now)).to.be.false;
    expect(sendInProgress({ status: "pending", leaseExpiresAt: Timestamp.fromMillis(now + 1) }, now)).to.be.false;
  });
});
