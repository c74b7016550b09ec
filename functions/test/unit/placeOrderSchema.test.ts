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
