// Webhooks end to end on the emulators (Firestore, Functions, Cloud Tasks): a real HTTP receiver
// on loopback gets each event, signed; failures are retried by Cloud Tasks with the same event
// id and logged; 4xx is not retried; an endpoint failing too long is paused, its admins emailed,
// its events kept and delivered on resume; a rotation keeps both secrets verifiable; an event
// whose dispatch never ran (a worker killed after its commit) is delivered by the sweep; and
// endpoints on private or metadata addresses are refused.
import { expect } from "chai";
import { attempt, callable, closeClients, newAdmin, newBuyer, newRequestId, type Buyer } from "../../../tools/testkit/buyers";
import { seedProduct, shopDb, uniqueId } from "../../../tools/testkit/emulator";
import { smtp } from "../../../tools/testkit/integrationHooks";
import { sleep } from "../../../tools/testkit/smtpSink";
import { HUB, hostPort } from "../../../scripts/localStack";
import { WebhookReceiver } from "../../../tools/testkit/webhookReceiver";
import { verifyWebhook } from "../../src/model/webhookSignature";
import type { DeliveryDocument } from "../../src/webhooks/deliveryDocuments";
import type { ResendSummary, WebhookEndpointView, WebhookSecretResult } from "../../src/webhooks/webhookSchemas";

interface DeliveredEvent {
  id: string;
  type: string;
  sequence: number;
  resource: { type: string; id: string };
  createdAt: string;
  data: { object: { id: string; status: string } };
}

async function waitUntil<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

describe("webhooks (emulators, Cloud Tasks, a receiver on loopback)", function () {
  this.timeout(180_000);
  let admin: Buyer;
  let buyer: Buyer;
  let receiver: WebhookReceiver;
  const endpoints: string[] = [];

  const call = <T>(name: string, data: unknown) => attempt(callable<T>(admin.app, name)(data));

  async function register(events: string[] = ["order.placed"]): Promise<WebhookSecretResult> {
    const created = await call<WebhookSecretResult>("createWebhookEndpoint", { url: receiver.url, events, description: "test receiver" });
    expect(created.ok, created.message).to.equal(true);
    endpoints.push(created.value!.endpoint.endpointId);
    return created.value!;
  }

  async function order(productId: string): Promise<string> {
    const { data } = await buyer.placeOrder({ items: [{ productId, quantity: 1 }], requestId: newRequestId() });
    return data.orderId;
  }

  const delivery = async (endpointId: string, eventId: string) => (await shopDb().doc(`webhookEndpoints/${endpointId}/deliveries/${eventId}`).get()).data() as DeliveryDocument | undefined;
  const placedEventOf = async (orderId: string) =>
    waitUntil(`order.placed of ${orderId}`, async () => (await shopDb().collection("events").where("resource.id", "==", orderId).get()).docs[0]?.id);
  const hooksFor = (orderId: string) => receiver.received.filter((hook) => hook.body.includes(`"id":"${orderId}"`));

  before(async function () {
    [admin, buyer] = await Promise.all([newAdmin(), newBuyer()]);
    // Endpoints a crashed earlier run left would get this run's events.
    for (const stale of (await shopDb().collection("webhookEndpoints").get()).docs) await call("deleteWebhookEndpoint", { endpointId: stale.id });
  });

  beforeEach(async function () {
    receiver = new WebhookReceiver();
    await receiver.start();
  });

  afterEach(async function () {
    while (endpoints.length > 0) await call("deleteWebhookEndpoint", { endpointId: endpoints.pop() });
    await receiver.stop();
  });

  after(async function () {
    await closeClients([admin.app, buyer.app]);
  });

  it("delivers each event once, signed with the endpoint's secret, as the outbox wrote it", async function () {
    const { endpoint, secret } = await register();
    expect(secret).to.match(/^whsec_/);
    expect(endpoint).to.deep.include({ url: receiver.url, events: ["order.placed"], status: "active" });
    // The secret is never readable again, not even by admins (rules), nor in the endpoint.
    expect(JSON.stringify(endpoint)).to.not.include(secret);
    const productId = uniqueId("wh-mug");
    await seedProduct(productId, { quantity: 10, name: "Mug" });
    const orders = [await order(productId), await order(productId), await order(productId)];
    for (const orderId of orders) {
      const [hook] = await waitUntil(`a delivery for ${orderId}`, () => (hooksFor(orderId).length > 0 ? hooksFor(orderId) : undefined));
      const event = await verifyWebhook<DeliveredEvent>(hook!.body, hook!.headers["inventory-signature"] as string, secret);
      const eventId = await placedEventOf(orderId);
      expect(event).to.deep.include({ id: eventId, type: "order.placed", sequence: 1, resource: { type: "order", id: orderId } });
      expect(event.data.object).to.deep.include({ id: orderId, status: "confirmed" });
      expect(new Date(event.createdAt).toISOString()).to.equal(event.createdAt);
      expect(hook!.body, "no outbox bookkeeping").to.not.match(/"dispatch"|"expireAt"/);
      const logged = await waitUntil("the delivery log", async () => ((await delivery(endpoint.endpointId, eventId))?.status === "delivered" ? delivery(endpoint.endpointId, eventId) : undefined));
      expect(logged).to.deep.include({ attempts: 1, eventType: "order.placed" });
      expect(logged.log[0]).to.deep.include({ attempt: 1, status: 200, outcome: "delivered", excerpt: "ok" });
    }
    await sleep(1000);
    for (const orderId of orders) expect(hooksFor(orderId), "delivered once").to.have.length(1);
  });

  it("retries a failing receiver until it answers 2xx: the same event id each time, each attempt in the log", async function () {
    const { endpoint, secret } = await register();
    receiver.answer = (_hook, earlier) => (earlier < 2 ? 500 : 200);
    const productId = uniqueId("wh-retry");
    await seedProduct(productId, { quantity: 5, name: "Retry mug" });
    const orderId = await order(productId);
    const eventId = await placedEventOf(orderId);
    const logged = await waitUntil("delivered after retries", async () => ((await delivery(endpoint.endpointId, eventId))?.status === "delivered" ? delivery(endpoint.endpointId, eventId) : undefined));
    const hooks = receiver.forEvent(eventId);
    expect(hooks).to.have.length(3);
    for (const hook of hooks) await verifyWebhook(hook.body, hook.headers["inventory-signature"] as string, secret);
    expect(logged.log.map((entry) => [entry.attempt, entry.status, entry.outcome])).to.deep.equal([
      [1, 500, "retry"],
      [2, 500, "retry"],
      [3, 200, "delivered"],
    ]);
    // A success clears the endpoint's failing state.
    expect((await shopDb().doc(`webhookEndpoints/${endpoint.endpointId}`).get()).get("failingSince")).to.equal(null);
  });

  it("gets a receiver that was down everything afterwards", async function () {
    await register();
    const productId = uniqueId("wh-down");
    await seedProduct(productId, { quantity: 5, name: "Down mug" });
    await receiver.stop();
    const orders = [await order(productId), await order(productId)];
    await sleep(3000);
    await receiver.start();
    for (const orderId of orders) await waitUntil(`${orderId} after the outage`, () => hooksFor(orderId).length > 0 || undefined);
  });

  it("does not retry a 4xx (other than 408 and 429); an admin re-sends it once the receiver is fixed", async function () {
    const { endpoint } = await register();
    receiver.answer = () => 400;
    const productId = uniqueId("wh-400");
    await seedProduct(productId, { quantity: 5, name: "Refused mug" });
    const orderId = await order(productId);
    const eventId = await placedEventOf(orderId);
    const failed = await waitUntil("failed for good", async () => ((await delivery(endpoint.endpointId, eventId))?.status === "failed" ? delivery(endpoint.endpointId, eventId) : undefined));
    expect(failed).to.deep.include({ attempts: 1 });
    expect(failed.failedReason).to.match(/HTTP 400/);
    await sleep(4000);
    expect(receiver.forEvent(eventId), "no retry after a 400").to.have.length(1);

    receiver.answer = () => 200;
    const resent = await call<ResendSummary>("resendWebhookEvents", { endpointId: endpoint.endpointId, failedSince: new Date(Date.now() - 60_000).toISOString() });
    expect(resent.value).to.deep.equal({ endpointId: endpoint.endpointId, queued: 1 });
    const delivered = await waitUntil("delivered on re-send", async () => ((await delivery(endpoint.endpointId, eventId))?.status === "delivered" ? delivery(endpoint.endpointId, eventId) : undefined));
    expect(delivered.log.map((entry) => entry.status)).to.deep.equal([400, 200]);
    expect(receiver.forEvent(eventId).map((hook) => hook.eventId)).to.deep.equal([eventId, eventId]);
  });

  it("pauses an endpoint failing for WEBHOOK_PAUSE_AFTER_SECONDS, emails ALERT_EMAILS, keeps its events and delivers them on resume", async function () {
    const { endpoint } = await register();
    receiver.answer = () => 503;
    const productId = uniqueId("wh-pause");
    await seedProduct(productId, { quantity: 5, name: "Paused mug" });
    const first = await order(productId);
    const paused = await waitUntil("the endpoint paused", async () => {
      const state = (await shopDb().doc(`webhookEndpoints/${endpoint.endpointId}`).get()).data();
      return state?.status === "paused" ? state : undefined;
    });
    expect(paused.pauseReason).to.match(/HTTP 503/);
    const alert = await waitUntil("the alert email", () => smtp.messages.find((mail) => mail.subject.includes(receiver.url)));
    expect(alert.to).to.deep.equal(["ops@demo-shop.test"]);
    expect(alert.text).to.match(/paused/);

    // While paused, new events are kept for it, not sent.
    const second = await order(productId);
    const secondEvent = await placedEventOf(second);
    await waitUntil("the second delivery kept", async () => (await delivery(endpoint.endpointId, secondEvent))?.status === "paused" || undefined);
    await sleep(2000);
    expect(hooksFor(second), "nothing sent while paused").to.have.length(0);

    receiver.answer = () => 200;
    const resumed = await call<WebhookEndpointView>("updateWebhookEndpoint", { endpointId: endpoint.endpointId, status: "active" });
    expect(resumed.value).to.deep.include({ status: "active", failingSince: null, pausedAt: null });
    for (const orderId of [first, second]) {
      const eventId = await placedEventOf(orderId);
      await waitUntil(`${orderId} delivered after resume`, async () => (await delivery(endpoint.endpointId, eventId))?.status === "delivered" || undefined);
    }
    expect(hooksFor(second).map((hook) => hook.headers["inventory-signature"] !== undefined)).to.deep.equal([true]);
  });

  it("keeps deliveries verifiable with either secret while one is rotated out, and with the new one only after", async function () {
    const { endpoint, secret: oldSecret } = await register();
    const rotated = await call<WebhookSecretResult>("rotateWebhookSecret", { endpointId: endpoint.endpointId, previousSecretHours: 24 });
    expect(rotated.ok, rotated.message).to.equal(true);
    const newSecret = rotated.value!.secret;
    expect(rotated.value!.endpoint.secrets).to.have.length(2);
    const productId = uniqueId("wh-rotate");
    await seedProduct(productId, { quantity: 5, name: "Rotated mug" });
    const during = await order(productId);
    const [hook] = await waitUntil("a delivery during the rotation", () => (hooksFor(during).length > 0 ? hooksFor(during) : undefined));
    const header = hook!.headers["inventory-signature"] as string;
    await verifyWebhook(hook!.body, header, oldSecret);
    await verifyWebhook(hook!.body, header, newSecret);

    // Ending the old secret now: only the newest signs.
    const again = await call<WebhookSecretResult>("rotateWebhookSecret", { endpointId: endpoint.endpointId, previousSecretHours: 0 });
    const after = await order(productId);
    const [late] = await waitUntil("a delivery after the rotation", () => (hooksFor(after).length > 0 ? hooksFor(after) : undefined));
    const lateHeader = late!.headers["inventory-signature"] as string;
    await verifyWebhook(late!.body, lateHeader, again.value!.secret);
    for (const retired of [oldSecret, newSecret]) {
      const error = await verifyWebhook(late!.body, lateHeader, retired).then(
        () => undefined,
        (refused: unknown) => refused,
      );
      expect((error as { reason?: string } | undefined)?.reason).to.equal("no-matching-signature");
    }
  });

  it("delivers an event whose dispatch never ran (its worker killed after the commit) through the sweep", async function () {
    const { endpoint } = await register();
    const productId = uniqueId("wh-sweep");
    await seedProduct(productId, { quantity: 5, name: "Swept mug" });
    const triggers = (on: boolean) => fetch(`http://${hostPort(HUB)}/functions/${on ? "enable" : "disable"}BackgroundTriggers`, { method: "PUT" });
    await triggers(false);
    let orderId: string;
    try {
      orderId = await order(productId);
    } finally {
      await triggers(true);
    }
    const eventId = await placedEventOf(orderId);
    expect((await shopDb().doc(`events/${eventId}`).get()).get("dispatch.status")).to.equal("pending");
    await sleep(1500);
    expect(hooksFor(orderId)).to.have.length(0);
    const swept = await call<{ found: number; dispatched: number }>("sweepEventsNow", { minAgeSeconds: 0 });
    expect(swept.value!.dispatched).to.be.at.least(1);
    await waitUntil("delivered by the sweep", async () => (await delivery(endpoint.endpointId, eventId))?.status === "delivered" || undefined);
    expect(hooksFor(orderId)).to.have.length(1);
    // Its confirmation email, whose trigger didn't run either, goes out through its own sweep.
    await call("sweepConfirmationsNow", { minAgeSeconds: 0 });
    expect(await smtp.waitForOrder(orderId)).to.have.length(1);
  });

  it("the sweep sends a delivery left stranded: paused under an active endpoint (a pause racing a resume)", async function () {
    const { endpoint } = await register();
    const productId = uniqueId("wh-stranded");
    await seedProduct(productId, { quantity: 5, name: "Stranded mug" });
    receiver.answer = () => 503;
    const first = await order(productId);
    const firstEvent = await placedEventOf(first);
    await waitUntil("a failed attempt", async () => ((await delivery(endpoint.endpointId, firstEvent))?.attempts ?? 0) > 0 || undefined);
    // As a pause's write landing after the resume leaves it: paused, nothing queued.
    await shopDb().doc(`webhookEndpoints/${endpoint.endpointId}`).update({ status: "paused" });
    await waitUntil("kept while paused", async () => (await delivery(endpoint.endpointId, firstEvent))?.status === "paused" || undefined);
    await shopDb().doc(`webhookEndpoints/${endpoint.endpointId}`).update({ status: "active" });
    receiver.answer = () => 200;
    await sleep(2000);
    expect((await delivery(endpoint.endpointId, firstEvent))?.status, "nothing sends it by itself").to.equal("paused");
    const swept = await call<{ requeued: number }>("sweepEventsNow", { minAgeSeconds: 0 });
    expect(swept.value!.requeued).to.be.at.least(1);
    await waitUntil("delivered after the sweep", async () => (await delivery(endpoint.endpointId, firstEvent))?.status === "delivered" || undefined);
  });

  it("refuses endpoints on private, loopback-by-name-in-production, link-local or metadata addresses, and plain HTTP; nothing is saved", async function () {
    const before = (await shopDb().collection("webhookEndpoints").count().get()).data().count;
    for (const [url, problem] of [
      ["https://169.254.169.254/computeMetadata/v1/", "not-public"],
      ["https://metadata.google.internal/hook", "not-public"],
      ["https://10.0.0.5/hook", "not-public"],
      ["https://[fd00::1]/hook", "not-public"],
      ["http://erp.example.com/hook", "not-https"],
      ["https://user:pw@erp.example.com/hook", "credentials-in-url"],
    ] as const) {
      const refused = await call("createWebhookEndpoint", { url, events: ["order.placed"] });
      expect(refused, url).to.deep.include({ ok: false, code: "functions/invalid-argument" });
      expect(refused.details, url).to.deep.equal({ reason: "webhook-url-refused", url, problem });
    }
    const created = await register();
    const moved = await call("updateWebhookEndpoint", { endpointId: created.endpoint.endpointId, url: "https://192.168.0.1/hook" });
    expect(moved.details).to.deep.include({ reason: "webhook-url-refused", problem: "not-public" });
    expect((await shopDb().doc(`webhookEndpoints/${created.endpoint.endpointId}`).get()).get("url")).to.equal(receiver.url);
    expect((await shopDb().collection("webhookEndpoints").count().get()).data().count).to.equal(before + 1);
    const forbidden = await attempt(callable(buyer.app, "createWebhookEndpoint")({ url: receiver.url, events: ["*"] }));
    expect(forbidden).to.deep.include({ ok: false, code: "functions/permission-denied" });
  });
});
