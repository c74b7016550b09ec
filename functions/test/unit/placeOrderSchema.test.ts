import { expect } from "chai";
import { MAX_LINES, MAX_QUANTITY_PER_LINE, placeOrderRequestSchema } from "../../src/orders/placeOrderSchema";

const valid = { items: [{ productId: "mug-01", quantity: 2 }], requestId: "3f0c1a52-8d0e-4c1e-9b51-2f5b8a7c9d10" };

describe("placeOrderRequestSchema", function () {
  it("accepts a well-formed request", function () {
    expect(placeOrderRequestSchema.parse(valid)).to.deep.equal(valid);
  });

  it("accepts the limits themselves", function () {
    const items = Array.from({ length: MAX_LINES }, (_, i) => ({ productId: `p${i}`, quantity: MAX_QUANTITY_PER_LINE }));
    expect(placeOrderRequestSchema.safeParse({ items, requestId: "x".repeat(128) }).success).to.equal(true);
  });

  const invalid: [string, unknown][] = [
    ["a line too many", { ...valid, items: Array.from({ length: MAX_LINES + 1 }, (_, i) => ({ productId: `p${i}`, quantity: 1 })) }],
    ["a quantity over the maximum", { ...valid, items: [{ productId: "a", quantity: MAX_QUANTITY_PER_LINE + 1 }] }],
    ["NaN", { ...valid, items: [{ productId: "a", quantity: Number.NaN }] }],
    ["Infinity", { ...valid, items: [{ productId: "a", quantity: Number.POSITIVE_INFINITY }] }],
    ["a productId with a slash", { ...valid, items: [{ productId: "a/b", quantity: 1 }] }],
    ["a productId of dots", { ...valid, items: [{ productId: "..", quantity: 1 }] }],
    ["a productId too long", { ...valid, items: [{ productId: "a".repeat(129), quantity: 1 }] }],
    ["a requestId too long", { ...valid, requestId: "x".repeat(129) }],
    ["a requestId with a space", { ...valid, requestId: "has a space" }],
    ["duplicate products", { ...valid, items: [{ productId: "a", quantity: 1 }, { productId: "a", quantity: 1 }] }],
    ["an array payload", [valid]],
    ["a string payload", "order"],
    ["an unknown field", { ...valid, coupon: "FREE" }],
  ];
  for (const [label, input] of invalid) {
    it(`refuses ${label}`, function () {
      const result = placeOrderRequestSchema.safeParse(input);
      expect(result.success).to.equal(false);
      expect(result.error?.issues.length).to.be.greaterThan(0);
    });
  }
});

describe("shippingAddress", function () {
  const address = { name: "Alex Example", lines: ["12 Sample Street", "Flat 3"], city: "Berlin", postalCode: "10115", country: "DE" };
  const withAddress = (shippingAddress: unknown) => placeOrderRequestSchema.safeParse({ ...valid, shippingAddress });

  it("accepts an address, with or without a region, and trims its fields", function () {
    expect(withAddress(address).data?.shippingAddress).to.deep.equal(address);
    expect(withAddress({ ...address, region: "CA", country: "US", postalCode: "94103-1234" }).success).to.equal(true);
    expect(withAddress({ ...address, name: "  Alex Example " }).data?.shippingAddress?.name).to.equal("Alex Example");
    expect(withAddress({ ...address, name: "Zoë Ångström-Ōtsuka" }).success, "names in any script").to.equal(true);
  });

  const refused: [string, unknown][] = [
    ["no name", { ...address, name: "" }],
    ["a blank name", { ...address, name: "   " }],
    ["no street line", { ...address, lines: [] }],
    ["four street lines", { ...address, lines: ["a", "b", "c", "d"] }],
    ["a line of 101 characters", { ...address, lines: ["x".repeat(101)] }],
    ["a newline in a field (an extra line in the email)", { ...address, name: "Alex\nBcc: victim@example.com" }],
    ["a control character", { ...address, city: "Ber\u0000lin" }],
    ["an invisible formatting character", { ...address, city: "Ber\u202Elin" }],
    ["a link", { ...address, lines: ["visit https://evil.example"] }],
    ["a www address", { ...address, name: "www.evil.example" }],
    ["a country that isn't ISO 3166-1", { ...address, country: "XX" }],
    ["a lower-case country code", { ...address, country: "de" }],
    ["a country name instead of a code", { ...address, country: "Germany" }],
    ["a postal code with punctuation", { ...address, postalCode: "10115;" }],
    ["no postal code", { ...address, postalCode: undefined }],
    ["an unknown field", { ...address, phone: "123" }],
    ["a string instead of an address", "12 Sample Street, Berlin"],
  ];
  for (const [label, input] of refused) {
    it(`refuses ${label}`, function () {
      expect(withAddress(input).success).to.equal(false);
    });
  }
});

