import { expect } from "chai";
import { HttpsError, type CallableRequest } from "firebase-functions/v2/https";
import { checkAppCheck, checkRequestSize, checkShippingAddress, checkVerifiedEmail, MAX_REQUEST_BYTES } from "../../src/api/requestGuards";

const request = (raw: { rawBody?: Buffer; headers?: Record<string, unknown> }, extra: Partial<CallableRequest> = {}) =>
  ({ rawRequest: raw, data: {}, ...extra }) as unknown as CallableRequest;

function refusal(run: () => void): HttpsError {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpsError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("request guards", function () {
  it("lets a request up to the size limit through", function () {
    expect(() => checkRequestSize(request({ rawBody: Buffer.alloc(MAX_REQUEST_BYTES) }))).to.not.throw();
  });

  it("refuses a body over the limit, by its bytes or its declared length", function () {
    const byBody = refusal(() => checkRequestSize(request({ rawBody: Buffer.alloc(MAX_REQUEST_BYTES + 1) })));
    expect(byBody.code).to.equal("invalid-argument");
    expect(byBody.details).to.deep.equal({ reason: "request-too-large", size: MAX_REQUEST_BYTES + 1, maxBytes: MAX_REQUEST_BYTES });
    const byHeader = refusal(() => checkRequestSize(request({ headers: { "content-length": String(MAX_REQUEST_BYTES * 4) } })));
    expect(byHeader.details).to.include({ size: MAX_REQUEST_BYTES * 4 });
  });

  it("ignores a content-length that is not a number", function () {
    expect(() => checkRequestSize(request({ headers: { "content-length": "lots" } }))).to.not.throw();
  });

  it("requires App Check and a verified email only when turned on", function () {
    const bare = request({});
    expect(() => checkAppCheck(bare, false)).to.not.throw();
    expect(refusal(() => checkAppCheck(bare, true)).details).to.deep.equal({ reason: "app-check-required" });
    expect(() => checkVerifiedEmail(bare, false)).to.not.throw();
    expect(refusal(() => checkVerifiedEmail(bare, true)).details).to.deep.equal({ reason: "email-not-verified" });
    const verified = request({}, { auth: { uid: "u", token: { email_verified: true } } } as unknown as Partial<CallableRequest>);
    expect(() => checkVerifiedEmail(verified, true)).to.not.throw();
  });

  it("refuses an order without a shipping address only when the shop requires one", function () {
    expect(() => checkShippingAddress({}, false)).to.not.throw();
    expect(() => checkShippingAddress({ shippingAddress: { name: "A" } }, true)).to.not.throw();
    const refused = refusal(() => checkShippingAddress({}, true));
    expect([refused.code, refused.details]).to.deep.equal(["invalid-argument", { reason: "shipping-address-required" }]);
  });
});
