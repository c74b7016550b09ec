import { expect } from "chai";
import { refusalToHttpsError } from "../../src/api/httpsErrors";
import { perCustomerLimit } from "../../src/stock/refusals";

describe("refusals become HttpsErrors at the edge", function () {
  it("tells how many are left, without the product name in details", function () {
    const error = refusalToHttpsError({ reason: "insufficient-stock", productId: "mug", name: "Mug", requested: 3, available: 2 });
    expect(error.code).to.equal("failed-precondition");
    expect(error.message).to.equal('Only 2 of "Mug" left; you asked for 3.');
    expect(error.details).to.deep.equal({ reason: "insufficient-stock", productId: "mug", requested: 3, available: 2 });
    expect(refusalToHttpsError({ reason: "insufficient-stock", productId: "mug", name: "Mug", requested: 1, available: 0 }).message).to.match(/sold out/);
  });

  it("says how many more a limited buyer can buy", function () {
    const error = refusalToHttpsError(perCustomerLimit("cap", "Cap", 3, 2));
    expect(error.message).to.match(/you can buy 1 more/);
    expect(error.details).to.deep.equal({ reason: "per-customer-limit", productId: "cap", limit: 3, alreadyBought: 2, canBuy: 1 });
    expect(refusalToHttpsError(perCustomerLimit("cap", "Cap", 3, 5)).details).to.include({ canBuy: 0 });
  });

  it("keeps each reason's code", function () {
    expect(refusalToHttpsError({ reason: "product-not-found", productId: "x" }).code).to.equal("not-found");
    expect(refusalToHttpsError({ reason: "product-misconfigured", productId: "x", problem: "price: required" }).code).to.equal("failed-precondition");
    expect(refusalToHttpsError({ reason: "mixed-currencies", currencies: ["EUR", "USD"] }).code).to.equal("failed-precondition");
    expect(refusalToHttpsError({ reason: "request-id-reused", requestId: "r-123456" }).code).to.equal("already-exists");
    const busy = refusalToHttpsError({ reason: "contention" });
    expect([busy.code, busy.details]).to.deep.equal(["unavailable", { reason: "contention" }]);
  });
});
