import { expect } from "chai";
import { createHmac } from "node:crypto";
import fc from "fast-check";
import { signatureHeader, verifyWebhook, WebhookVerificationError, type WebhookVerificationFailure } from "../../src/model/webhookSignature";

const SECRET = "whsec_test_current";
const OLD_SECRET = "whsec_test_previous";
const NOW = 1_764_921_600;
const body = JSON.stringify({ id: "evt_1", type: "order.placed", data: { object: { id: "o1", total: 1250 } } });

async function refusal(promise: Promise<unknown>): Promise<WebhookVerificationFailure | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.reason;
    throw error;
  }
}

describe("webhook signatures", function () {
  it("signs HMAC-SHA256 over '<timestamp>.<body>' in hex, as any language computes it", async function () {
    const header = await signatureHeader(body, [SECRET], NOW);
    const expected = createHmac("sha256", SECRET).update(`${NOW}.${body}`).digest("hex");
    expect(header).to.equal(`t=${NOW},v1=${expected}`);
  });

  it("verifies what it signed and answers the event", async function () {
    const header = await signatureHeader(body, [SECRET], NOW);
    expect(await verifyWebhook(body, header, SECRET, { nowSeconds: NOW + 10 })).to.deep.equal(JSON.parse(body));
    // The raw bytes as a server framework hands them over.
    expect(await verifyWebhook(Buffer.from(body), header, [SECRET], { nowSeconds: NOW })).to.have.property("id", "evt_1");
  });

  it("keeps verifying through a secret rotation: either secret matches a header signed with both", async function () {
    const header = await signatureHeader(body, [SECRET, OLD_SECRET], NOW);
    expect(header.split(",")).to.have.length(3);
    expect(await verifyWebhook(body, header, OLD_SECRET, { nowSeconds: NOW })).to.have.property("id");
    expect(await verifyWebhook(body, header, SECRET, { nowSeconds: NOW })).to.have.property("id");
    expect(await refusal(verifyWebhook(body, header, "whsec_other", { nowSeconds: NOW }))).to.equal("no-matching-signature");
  });

  it("refuses a changed body, a wrong secret, a replay outside the tolerance, and a missing or malformed header", async function () {
    const header = await signatureHeader(body, [SECRET], NOW);
    expect(await refusal(verifyWebhook(body.replace("1250", "1"), header, SECRET, { nowSeconds: NOW }))).to.equal("no-matching-signature");
    expect(await refusal(verifyWebhook(body, header, "whsec_wrong", { nowSeconds: NOW }))).to.equal("no-matching-signature");
    expect(await refusal(verifyWebhook(body, header, SECRET, { nowSeconds: NOW + 301 }))).to.equal("timestamp-outside-tolerance");
    expect(await refusal(verifyWebhook(body, header, SECRET, { nowSeconds: NOW + 3600, toleranceSeconds: 7200 }))).to.equal(undefined);
    // The timestamp is signed: moving it breaks the signature.
    expect(await refusal(verifyWebhook(body, header.replace(`t=${NOW}`, `t=${NOW + 1}`), SECRET, { nowSeconds: NOW }))).to.equal("no-matching-signature");
    expect(await refusal(verifyWebhook(body, undefined, SECRET))).to.equal("no-signature-header");
    expect(await refusal(verifyWebhook(body, "v1=abc", SECRET))).to.equal("malformed-header");
    expect(await refusal(verifyWebhook(body, `t=${NOW}`, SECRET))).to.equal("malformed-header");
    const notJson = "not json";
    expect(await refusal(verifyWebhook(notJson, await signatureHeader(notJson, [SECRET], NOW), SECRET, { nowSeconds: NOW }))).to.equal("invalid-body");
  });

  it("never accepts a body other than the one signed (any body, any secret)", async function () {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), fc.string({ minLength: 1 }), async (signed, sent, secret) => {
        fc.pre(signed !== sent);
        const header = await signatureHeader(signed, [secret], NOW);
        expect(await refusal(verifyWebhook(sent, header, secret, { nowSeconds: NOW }))).to.be.oneOf(["no-matching-signature"]);
      }),
      { numRuns: 50 },
    );
  });
});
