import { expect } from "chai";
import { holdIdFor, orderIdFor, orderIdForHold } from "../../src/orders/orderId";

describe("orderIdFor", function () {
  it("is stable for the same buyer and requestId", function () {
    expect(orderIdFor("uid-1", "request-0001")).to.equal(orderIdFor("uid-1", "request-0001"));
  });
  it("differs between buyers and between requests", function () {
    const ids = new Set([orderIdFor("uid-1", "request-0001"), orderIdFor("uid-2", "request-0001"), orderIdFor("uid-1", "request-0002")]);
    expect(ids.size).to.equal(3);
  });
  it("can't be forged by shifting characters between uid and requestId", function () {
    expect(orderIdFor("ab", "cdefghij")).to.not.equal(orderIdFor("abc", "defghij"));
  });
  it("is a valid Firestore document id", function () {
    expect(orderIdFor("u", "r".repeat(128))).to.match(/^[0-9a-f]{32}$/);
  });
});

describe("orderIdForHold", function () {
  it("can't be reached by any plain order's requestId", function () {
    const holdId = holdIdFor("uid-1", "request-0001");
    const fromHold = orderIdForHold("uid-1", holdId);
    for (const requestId of [`hold:${holdId}`, `order-from-hold:${holdId}`, holdId]) expect(orderIdFor("uid-1", requestId)).to.not.equal(fromHold);
    expect(orderIdForHold("uid-1", holdId)).to.equal(fromHold);
    expect(orderIdForHold("uid-2", holdId)).to.not.equal(fromHold);
  });
});
