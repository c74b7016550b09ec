import { expect } from "chai";
import { isRetryable } from "../../src/firestore/errorCodes";
import { ContentionExhausted, withContentionRetry } from "../../src/firestore/transaction";

const aborted = () => Object.assign(new Error("10 ABORTED: Transaction lock timeout"), { code: 10 });

describe("withContentionRetry", function () {
  it("retries lost races until the work succeeds", async function () {
    let calls = 0;
    const { value, attempts } = await withContentionRetry(() => {
      calls += 1;
      return calls < 3 ? Promise.reject(aborted()) : Promise.resolve("done");
    }, Date.now() + 5000);
    expect(value).to.equal("done");
    expect(attempts).to.equal(3);
  });

  it("does not retry other errors", async function () {
    let calls = 0;
    const error = await withContentionRetry(() => {
      calls += 1;
      return Promise.reject(new Error("boom"));
    }, Date.now() + 5000).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(Error).with.property("message", "boom");
    expect(calls).to.equal(1);
  });

  it("gives up once the deadline passed", async function () {
    const error = await withContentionRetry(() => Promise.reject(aborted()), Date.now() + 150).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ContentionExhausted);
    expect((error as ContentionExhausted).attempts).to.be.greaterThan(1);
  });

  it("knows which gRPC codes are races", function () {
    expect(isRetryable({ code: 10 })).to.equal(true);
    expect(isRetryable({ code: 9 })).to.equal(false);
    expect(isRetryable(new Error("x"))).to.equal(false);
    // A transaction that died before its commit (the emulator's words for one it aborted under
    // contention; production's for one that expired): nothing was written, run it again.
    expect(isRetryable(Object.assign(new Error("3 INVALID_ARGUMENT: Transaction is invalid or closed."), { code: 3 }))).to.equal(true);
    expect(isRetryable(Object.assign(new Error("3 INVALID_ARGUMENT: The referenced transaction has expired or is no longer valid."), { code: 3 }))).to.equal(true);
    expect(isRetryable(Object.assign(new Error("3 INVALID_ARGUMENT: Value for argument \"documentPath\" is not a valid resource path."), { code: 3 }))).to.equal(false);
  });
});
