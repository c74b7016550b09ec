import { expect } from "chai";
import { takeToken } from "../../src/api/rateLimit";

describe("rate limit token bucket", function () {
  it("starts a new buyer with a full burst and takes one token", function () {
    expect(takeToken(undefined, 1000, 60)).to.deep.equal({ bucket: { tokens: 59, at: 1000 } });
  });

  it("refuses an empty bucket with the seconds until the next token", function () {
    // 6 per minute: one token every 10 s; half a token left means 5 s to wait.
    expect(takeToken({ tokens: 0.5, at: 0 }, 0, 6)).to.deep.equal({ retryAfterSeconds: 5 });
  });

  it("refills evenly with time, never above the burst", function () {
    const refilled = takeToken({ tokens: 0, at: 0 }, 10_000, 6);
    expect(refilled).to.have.property("bucket");
    expect("bucket" in refilled && refilled.bucket.tokens).to.be.closeTo(0, 1e-9);
    const capped = takeToken({ tokens: 0, at: 0 }, 3_600_000, 6);
    expect("bucket" in capped && capped.bucket.tokens).to.equal(5);
  });

  it("answers at least 1 s, even when a token is almost there", function () {
    expect(takeToken({ tokens: 0.9999, at: 0 }, 0, 60)).to.deep.equal({ retryAfterSeconds: 1 });
  });
});
