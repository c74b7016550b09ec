import { expect } from "chai";
import { outcomeOf, shouldPause } from "../../src/webhooks/deliveryPolicy";

describe("webhook delivery policy", function () {
  it("2xx delivers; 408, 429, 3xx, 5xx, timeouts and network errors retry; other 4xx and refused addresses are final", function () {
    const kind = (status: number) => outcomeOf({ kind: "response", status }).kind;
    expect([200, 201, 204, 299].map(kind)).to.deep.equal(["delivered", "delivered", "delivered", "delivered"]);
    expect([408, 429, 301, 302, 307, 500, 502, 503].map(kind)).to.deep.equal(Array(8).fill("retry"));
    expect([400, 401, 403, 404, 410, 422].map(kind)).to.deep.equal(Array(6).fill("failed"));
    expect(outcomeOf({ kind: "timeout" }).kind).to.equal("retry");
    expect(outcomeOf({ kind: "network", code: "ECONNREFUSED" })).to.deep.equal({ kind: "retry", reason: "network error (ECONNREFUSED)" });
    expect(outcomeOf({ kind: "refused-address", address: "169.254.169.254" }).kind).to.equal("failed");
  });

  it("pauses an endpoint only once it has failed without a success for the whole pause period", function () {
    const day = 86_400_000;
    expect(shouldPause(undefined, 10 * day, day)).to.equal(false);
    expect(shouldPause(5 * day, 6 * day - 1, day)).to.equal(false);
    expect(shouldPause(5 * day, 6 * day, day)).to.equal(true);
  });
});
