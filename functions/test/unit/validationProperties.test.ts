// Property-based: random and adversarial input at every callable's validation. Each input
// is either accepted as a well-formed request or refused with invalid-argument and the
// issues; nothing else ever escapes (no crash, no other error type).
import { expect } from "chai";
import fc from "fast-check";
import { HttpsError } from "firebase-functions/v2/https";
import type { z } from "zod";
import { adjustStockSchema, restockProductSchema, upsertProductSchema } from "../../src/inventory/inventorySchemas";
import { cancelOrderRequestSchema } from "../../src/orders/cancelOrderSchema";
import { MAX_LINES, MAX_QUANTITY_PER_LINE, placeOrderRequestSchema } from "../../src/orders/placeOrderSchema";
import { parseOrThrow } from "../../src/api/validation";

// Strings a hostile client would try.
const nasty = fc.constantFrom("", " ", "a/b", "../x", "__proto__", "constructor", "x".repeat(10_000), "\u0000", "<script>", "ä", "😀", "1e309", "NaN");
const numberish = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1.5, Number.MAX_SAFE_INTEGER, Number.MAX_VALUE, Number.NaN, Infinity, -Infinity, -0),
);
const value = fc.oneof(fc.jsonValue(), nasty, numberish, fc.constant(undefined), fc.constant(null));
const productId = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/), nasty);
const line = fc.record({ productId, quantity: fc.oneof(fc.integer({ min: 1, max: 5 }), numberish, value) }, { requiredKeys: [] });
const orderish = fc.oneof(
  fc.record(
    {
      items: fc.oneof(fc.array(line, { maxLength: MAX_LINES + 3 }), value),
      requestId: fc.oneof(fc.uuid(), nasty, value),
      extra: value,
    },
    { requiredKeys: [] },
  ),
  value,
);

function outcome<T extends z.ZodType>(schema: T, input: unknown): { ok: true; value: z.infer<T> } | { ok: false; error: HttpsError } {
  try {
    return { ok: true, value: parseOrThrow(schema, input, "invalid") };
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(HttpsError);
    return { ok: false, error: error as HttpsError };
  }
}

function refusedClearly(error: HttpsError): void {
  expect(error.code).to.equal("invalid-argument");
  const details = error.details as { reason: string; issues: { path: string; message: string }[] };
  expect(details.reason).to.equal("invalid-request");
  expect(details.issues).to.be.an("array").that.is.not.empty;
  for (const issue of details.issues) expect(issue.message).to.be.a("string").and.not.equal("");
}

describe("validation properties (fast-check)", function () {
  // Thousands of runs: generous on a busy machine; they are not timed.
  this.timeout(120_000);
  it("placeOrder: accepts only well-formed orders, refuses everything else with the issues", function () {
    fc.assert(
      fc.property(orderish, (input) => {
        const result = outcome(placeOrderRequestSchema, input);
        if (!result.ok) return refusedClearly(result.error);
        const { items, requestId } = result.value;
        expect(items.length).to.be.within(1, MAX_LINES);
        expect(new Set(items.map((i) => i.productId)).size).to.equal(items.length);
        for (const item of items) {
          expect(Number.isInteger(item.quantity) && item.quantity >= 1 && item.quantity <= MAX_QUANTITY_PER_LINE).to.equal(true);
          expect(item.productId).to.match(/^[A-Za-z0-9_-]{1,128}$/);
        }
        expect(requestId.length).to.be.within(8, 128);
        expect(Object.keys(result.value).sort()).to.deep.equal(["items", "requestId"]);
      }),
      { numRuns: 2000 },
    );
  });

  it("placeOrder: every well-formed order is accepted", function () {
    const valid = fc.record({
      items: fc.uniqueArray(
        fc.record({ productId: fc.stringMatching(/^[A-Za-z0-9_-]{1,128}$/), quantity: fc.integer({ min: 1, max: MAX_QUANTITY_PER_LINE }) }),
        { minLength: 1, maxLength: MAX_LINES, selector: (l) => l.productId },
      ),
      requestId: fc.stringMatching(/^[\x21-\x7e]{8,128}$/),
    });
    fc.assert(
      fc.property(valid, (input) => {
        expect(outcome(placeOrderRequestSchema, input).ok).to.equal(true);
      }),
      { numRuns: 500 },
    );
  });

  const adminInputs = fc.oneof(
    fc.record(
      {
        productId,
        name: fc.oneof(fc.string(), nasty, value),
        price: fc.oneof(fc.nat(), numberish, value),
        currency: fc.oneof(fc.constantFrom("EUR", "USD", "JPY", "eur", "EURO", "XXX1"), value),
        quantity: fc.oneof(fc.nat(), numberish, value),
        add: fc.oneof(fc.integer({ min: 1, max: 100 }), numberish, value),
        reason: fc.oneof(fc.string(), nasty, value),
        orderId: fc.oneof(fc.stringMatching(/^[0-9a-f]{32}$/), nasty, value),
        maxPerCustomer: fc.oneof(fc.integer({ min: 1, max: 10 }), numberish, value),
        extra: value,
      },
      { requiredKeys: [] },
    ),
    value,
  );

  for (const [name, schema] of [
    ["upsertProduct", upsertProductSchema],
    ["restockProduct", restockProductSchema],
    ["adjustStock", adjustStockSchema],
    ["cancelOrder", cancelOrderRequestSchema],
  ] as const) {
    it(`${name}: accepts or refuses with the issues, never anything else`, function () {
      fc.assert(
        fc.property(adminInputs, (input) => {
          const result = outcome(schema as z.ZodType, input);
          if (!result.ok) return refusedClearly(result.error);
          // What is accepted is exactly what the schema promises: known keys, sane numbers.
          for (const [key, v] of Object.entries(result.value as Record<string, unknown>)) {
            expect(key).to.be.oneOf(["productId", "name", "price", "currency", "quantity", "add", "reason", "orderId", "maxPerCustomer"]);
            if (typeof v === "number") expect(Number.isSafeInteger(v) && v >= 0).to.equal(true);
          }
        }),
        { numRuns: 2000 },
      );
    });
  }
});
