import { expect } from "chai";
import { orderIdFor } from "../../src/orders/orderId";

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
