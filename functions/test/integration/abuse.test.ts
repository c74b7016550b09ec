// Abuse resistance: per-customer limits through the real callable under concurrency, and
// the param-controlled guards (rate limit, verified email, App Check, request size) on
// placeOrder run in-process with firebase-functions-test so each param can be set per test.
import { expect } from "chai";
import type { CallableRequest } from "firebase-functions/v2/https";
import functionsTest from "firebase-functions-test";
import { db as functionsDb } from "../../src/firestore/db";
import { orderIdFor } from "../../src/orders/orderId";
import { placeOrder } from "../../src/api/placeOrder";
import { holdStock } from "../../src/api/holds";
import { cancelOrderCallable } from "../../src/api/cancelOrder";
import { attempt, callable, closeClients, newAdmin, newBuyer, newRequestId, type Buyer } from "../../../tools/testkit/buyers";
import { productState, WRAPPED_PROJECT_ID, uniqueId } from "../../../tools/testkit/emulator";

describe("abuse resistance", function () {
  describe("maxPerCustomer (emulators, real callable)", function () {
    let admin: Buyer;
    let alice: Buyer;
    let bob: Buyer;

    before(async function () {
      [admin, alice, bob] = await Promise.all([newAdmin(), newBuyer(), newBuyer()]);
    });

    after(async function () {
      await closeClients([admin.app, alice.app, bob.app]);
    });

    it("holds across orders, concurrent orders and replays; a cancellation gives the allowance back", async function () {
      this.timeout(120_000);
      const productId = uniqueId("limited");
      const upsert = callable(admin.app, "upsertProduct");
      await upsert({ productId, name: "Limited sneaker", price: 19900, currency: "EUR", quantity: 50, maxPerCustomer: 2 });
      const line = (quantity: number) => ({ items: [{ productId, quantity }], requestId: newRequestId() });

      const first = line(1);
      const firstOrder = (await alice.placeOrder(first)).data;
      // Four more at once, plus a replay of the first: exactly one of the four fits.
      const racing = await Promise.all([...Array.from({ length: 4 }, () => attempt(alice.placeOrder(line(1)))), attempt(alice.placeOrder(first))]);
      const replay = racing.pop()!;
      expect(replay.value?.orderId, "the replay returns the original").to.equal(firstOrder.orderId);
      expect(racing.filter((o) => o.ok)).to.have.length(1);
      const refused = racing.filter((o) => !o.ok);
      expect(refused.map((o) => o.code)).to.deep.equal(Array(3).fill("functions/failed-precondition"));
      for (const o of refused) expect(o.details).to.include({ reason: "per-customer-limit", productId, limit: 2, canBuy: 0 });
      expect(await productState(productId)).to.include({ quantity: 48 });

      // Another buyer has their own allowance; too many at once is refused whole.
      expect((await attempt(bob.placeOrder(line(3)))).details).to.include({ reason: "per-customer-limit", canBuy: 2 });
      expect((await attempt(bob.placeOrder(line(2)))).ok).to.equal(true);

      await callable(alice.app, "cancelOrder")({ orderId: firstOrder.orderId, reason: "changed-mind", note: "wrong size" });
      expect((await attempt(alice.placeOrder(line(1)))).ok, "allowance back after the cancellation").to.equal(true);
      expect((await attempt(alice.placeOrder(line(1)))).details).to.include({ reason: "per-customer-limit" });
      // 50 - 2 (alice) - 2 (bob) + 1 (cancelled) - 1 (alice again)
      expect(await productState(productId)).to.include({ quantity: 46 });
    });
  });

  describe("request guards (firebase-functions-test, params set per test)", function () {
    const fft = functionsTest({ projectId: WRAPPED_PROJECT_ID });
    type Wrapped = (request: Partial<CallableRequest>) => Promise<unknown>;
    let wrapped: Wrapped;
    let wrappedHold: Wrapped;
    let wrappedCancel: Wrapped;
    const settings = {
      REGION: "us-central1",
      TRANSACTION_MAX_ATTEMPTS: "10",
      REQUIRE_APP_CHECK: "false",
      REQUIRE_VERIFIED_EMAIL: "false",
      ORDER_RATE_LIMIT_PER_MINUTE: "0",
    };
    const saved = new Map<string, string | undefined>();
    const productId = uniqueId("guarded");

    before(async function () {
      for (const key of Object.keys(settings)) saved.set(key, process.env[key]);
      Object.assign(process.env, settings);
      wrapped = fft.wrap(placeOrder) as unknown as Wrapped;
      wrappedHold = fft.wrap(holdStock) as unknown as Wrapped;
      wrappedCancel = fft.wrap(cancelOrderCallable) as unknown as Wrapped;
      await functionsDb()
        .collection("products")
        .doc(productId)
        .set({ name: "Guarded", price: 100, currency: "EUR", quantity: 1000, status: "in_stock" });
    });

    // Each test turns its guard back off, even when it fails.
    afterEach(function () {
      Object.assign(process.env, settings);
    });

    after(function () {
      for (const [key, value] of saved) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      fft.cleanup();
    });

    const call = async (data: unknown, options: { uid?: string; verified?: boolean; app?: boolean; rawBody?: Buffer; admin?: boolean; fn?: () => Wrapped } = {}) => {
      const uid = options.uid ?? "guard-buyer";
      const request = {
        data,
        auth: { uid, token: { email: `${uid}@shop.test`, email_verified: options.verified ?? true, ...(options.admin ? { admin: true } : {}) } },
        ...(options.app ? { app: { appId: "1:123:web:abc", token: {} } } : {}),
        rawRequest: { rawBody: options.rawBody ?? Buffer.from(JSON.stringify({ data })), headers: {} },
      } as unknown as Partial<CallableRequest>;
      try {
        return { ok: true as const, value: await (options.fn?.() ?? wrapped)(request) };
      } catch (error) {
        const e = error as { code?: string; details?: Record<string, unknown> };
        return { ok: false as const, code: e.code, details: e.details };
      }
    };
    const order = (requestId = newRequestId()) => ({ items: [{ productId, quantity: 1 }], requestId });
    const stored = async (uid: string, requestId: string) => (await functionsDb().collection("orders").doc(orderIdFor(uid, requestId)).get()).exists;

    it("rate-limits each buyer with a retry hint, and writes nothing for the refused call", async function () {
      process.env.ORDER_RATE_LIMIT_PER_MINUTE = "3";
      const uid = uniqueId("rate");
      for (let i = 0; i < 3; i += 1) expect((await call(order(), { uid })).ok, `call ${i + 1}`).to.equal(true);
      const refusedOrder = order();
      const refused = await call(refusedOrder, { uid });
      expect(refused.code).to.equal("resource-exhausted");
      expect(refused.details).to.include({ reason: "rate-limited", limitPerMinute: 3 });
      expect(refused.details?.retryAfterSeconds).to.be.within(1, 20);
      expect(await stored(uid, refusedOrder.requestId)).to.equal(false);
      expect((await call(order(), { uid: uniqueId("other") })).ok, "other buyers are unaffected").to.equal(true);
    });

    it("requires a verified email when REQUIRE_VERIFIED_EMAIL is on", async function () {
      process.env.REQUIRE_VERIFIED_EMAIL = "true";
      const unverified = await call(order(), { verified: false });
      expect(unverified).to.deep.include({ code: "failed-precondition" });
      expect(unverified.details).to.include({ reason: "email-not-verified" });
      expect((await call(order(), { verified: true })).ok).to.equal(true);
    });

    it("takes the rate-limit token in the order's own commit, and for refusals and replays too", async function () {
      process.env.ORDER_RATE_LIMIT_PER_MINUTE = "60";
      const uid = uniqueId("same-commit");
      const first = order();
      const placed = await call(first, { uid });
      expect(placed.ok).to.equal(true);
      const orderId = (placed.value as { orderId: string }).orderId;
      const [stored, bucket] = await functionsDb().getAll(functionsDb().collection("orders").doc(orderId), functionsDb().collection("rateLimits").doc(uid));
      // One commit wrote both: no transaction of its own for the token.
      expect(bucket!.updateTime!.isEqual(stored!.createTime!), "the bucket was written by the order's commit").to.equal(true);
      const tokens = async () => (await functionsDb().collection("rateLimits").doc(uid).get()).get("tokens") as number;
      const before = await tokens();
      expect((await call(first, { uid })).ok, "a replay").to.equal(true);
      expect((await call({ items: [{ productId, quantity: 1000 }], requestId: newRequestId() }, { uid })).details).to.include({ reason: "insufficient-stock" });
      // Two tokens taken (and a little refilled meanwhile, one a second).
      expect(await tokens()).to.be.within(before - 2, before - 1);
    });

    it("counts holds and cancellations against the same per-buyer limit as orders", async function () {
      process.env.ORDER_RATE_LIMIT_PER_MINUTE = "3";
      const uid = uniqueId("rate-all");
      expect((await call(order(), { uid })).ok).to.equal(true);
      expect((await call(order(), { uid, fn: () => wrappedHold })).ok).to.equal(true);
      // A cancellation takes a token even when it is refused (no such order).
      expect((await call({ orderId: "no-such-order", reason: "changed-mind" }, { uid, fn: () => wrappedCancel })).details).to.include({ reason: "order-not-found" });
      const overTheLimit = [
        await call(order(), { uid }),
        await call(order(), { uid, fn: () => wrappedHold }),
        await call({ orderId: "no-such-order", reason: "changed-mind" }, { uid, fn: () => wrappedCancel }),
      ];
      for (const refused of overTheLimit) expect([refused.code, refused.details?.reason]).to.deep.equal(["resource-exhausted", "rate-limited"]);
      // Admins cancel for the shop without a limit.
      expect((await call({ orderId: "no-such-order", reason: "customer-request" }, { uid, admin: true, fn: () => wrappedCancel })).details).to.include({ reason: "order-not-found" });
    });

    it("requires a verified email to hold and to cancel, as to order (admins cancel regardless)", async function () {
      process.env.REQUIRE_VERIFIED_EMAIL = "true";
      const unverifiedHold = await call(order(), { verified: false, fn: () => wrappedHold });
      expect([unverifiedHold.code, unverifiedHold.details?.reason]).to.deep.equal(["failed-precondition", "email-not-verified"]);
      const cancel = { orderId: "no-such-order", reason: "changed-mind" };
      const unverifiedCancel = await call(cancel, { verified: false, fn: () => wrappedCancel });
      expect([unverifiedCancel.code, unverifiedCancel.details?.reason]).to.deep.equal(["failed-precondition", "email-not-verified"]);
      expect((await call(cancel, { verified: false, admin: true, fn: () => wrappedCancel })).details).to.include({ reason: "order-not-found" });
      expect((await call(order(), { verified: true, fn: () => wrappedHold })).ok).to.equal(true);
    });

    it("requires App Check when REQUIRE_APP_CHECK is on", async function () {
      process.env.REQUIRE_APP_CHECK = "true";
      const without = await call(order());
      expect(without.code).to.equal("unauthenticated");
      expect(without.details).to.include({ reason: "app-check-required" });
      expect((await call(order(), { app: true })).ok).to.equal(true);
    });

    it("refuses an oversized request before any database work", async function () {
      const requestId = newRequestId();
      const huge = { items: [{ productId, quantity: 1 }], requestId, padding: "x".repeat(100_000) };
      const refused = await call(huge, { rawBody: Buffer.from(JSON.stringify({ data: huge })) });
      expect(refused.code).to.equal("invalid-argument");
      expect(refused.details).to.include({ reason: "request-too-large" });
      expect(await stored("guard-buyer", requestId)).to.equal(false);
    });
  });
});
