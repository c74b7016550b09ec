import { expect } from "chai";
import { refusalToHttpsError } from "../../src/api/httpsErrors";
import { perCustomerLimit } from "../../src/model/refusals";

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

describe("cancellation and stock-change refusals at the edge", function () {
  it("keeps the cancellation contract", function () {
    expect(refusalToHttpsError({ reason: "order-not-found", orderId: "o1" }).details).to.deep.equal({ reason: "order-not-found", orderId: "o1" });
    const window = refusalToHttpsError({ reason: "cancel-window-passed", orderId: "o1", windowMinutes: 30 });
    expect([window.code, window.message]).to.deep.equal(["failed-precondition", "Orders can be cancelled within 30 minutes of ordering; this one can no longer be. Contact the shop."]);
    expect(refusalToHttpsError({ reason: "cancel-window-passed", orderId: "o1", windowMinutes: 0 }).message).to.equal("Orders can't be cancelled online. Contact the shop.");
    const gone = refusalToHttpsError({ reason: "product-unavailable", orderId: "o1", productId: "p", state: "gone" });
    expect(gone.message).to.match(/product "p" is gone/);
    expect(gone.details).to.deep.equal({ reason: "product-unavailable", orderId: "o1", productId: "p" });
  });

  it("says which operation was too busy", function () {
    expect(refusalToHttpsError({ reason: "contention", during: "cancel" }).message).to.match(/cancel this order/);
    expect(refusalToHttpsError({ reason: "contention", during: "stock-change" }).message).to.match(/being changed/);
    expect(refusalToHttpsError({ reason: "contention" }).message).to.match(/take this order/);
  });

  it("points admins at upsertProduct for a broken product, and refuses stock over the maximum", function () {
    const broken = refusalToHttpsError({ reason: "product-misconfigured", productId: "p", problem: "price: required", during: "stock-change" });
    expect([broken.message, broken.details]).to.deep.equal(['Product "p" has an invalid catalog entry; fix it with upsertProduct first.', { reason: "product-misconfigured", productId: "p" }]);
    const big = refusalToHttpsError({ reason: "stock-too-large", productId: "p", max: 10 });
    expect([big.code, big.details]).to.deep.equal(["invalid-argument", { reason: "stock-too-large", productId: "p" }]);
  });
});
