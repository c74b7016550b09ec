// Wires the deployed functions. Each export loads its module only when it is read: a
// deployed function (or an emulator worker, both told by FUNCTION_TARGET which one they run)
// loads only its own code and dependencies, while deploy's discovery reads them all.
/* eslint-disable @typescript-eslint/no-require-imports -- require() is what makes each export lazy */
type Modules = {
  placeOrder: typeof import("./api/placeOrder");
  confirmation: typeof import("./api/sendOrderConfirmation");
  sweep: typeof import("./api/confirmationSweep");
  resend: typeof import("./api/resendConfirmation");
  cancellationEmail: typeof import("./api/sendCancellationEmail");
  cancel: typeof import("./api/cancelOrder");
  inventory: typeof import("./api/inventory");
  preview: typeof import("./api/previewEmail");
  holds: typeof import("./api/holds");
  fulfil: typeof import("./api/fulfillOrder");
  shipmentEmail: typeof import("./api/sendShipmentEmail");
  migration: typeof import("./api/stockMigration");
  webhooks: typeof import("./api/webhooks");
  alerts: typeof import("./api/sendAdminAlert");
  productChanges: typeof import("./api/productChanges");
  eventarcProbe: typeof import("./api/eventarcProbe");
};

function lazy(name: string, load: () => unknown): void {
  Object.defineProperty(exports, name, { enumerable: true, configurable: true, get: load });
}

lazy("placeOrder", () => (require("./api/placeOrder") as Modules["placeOrder"]).placeOrder);
lazy("sendOrderConfirmation", () => (require("./api/sendOrderConfirmation") as Modules["confirmation"]).sendOrderConfirmation);
lazy("confirmationSweep", () => (require("./api/confirmationSweep") as Modules["sweep"]).confirmationSweep);
lazy("sweepConfirmationsNow", () => (require("./api/confirmationSweep") as Modules["sweep"]).sweepConfirmationsNow);
lazy("resendConfirmation", () => (require("./api/resendConfirmation") as Modules["resend"]).resendConfirmation);
lazy("sendCancellationEmail", () => (require("./api/sendCancellationEmail") as Modules["cancellationEmail"]).sendCancellationEmail);
lazy("fulfillOrder", () => (require("./api/fulfillOrder") as Modules["fulfil"]).fulfillOrder);
lazy("returnItems", () => (require("./api/fulfillOrder") as Modules["fulfil"]).returnItems);
lazy("sendShipmentEmail", () => (require("./api/sendShipmentEmail") as Modules["shipmentEmail"]).sendShipmentEmail);
lazy("stockMigration", () => (require("./api/stockMigration") as Modules["migration"]).stockMigration);
lazy("holdStock", () => (require("./api/holds") as Modules["holds"]).holdStock);
lazy("releaseHold", () => (require("./api/holds") as Modules["holds"]).releaseHold);
lazy("holdSweep", () => (require("./api/holds") as Modules["holds"]).holdSweep);
lazy("sweepHoldsNow", () => (require("./api/holds") as Modules["holds"]).sweepHoldsNow);
lazy("previewEmail", () => (require("./api/previewEmail") as Modules["preview"]).previewEmail);
lazy("cancelOrder", () => (require("./api/cancelOrder") as Modules["cancel"]).cancelOrderCallable);
lazy("adjustStock", () => (require("./api/inventory") as Modules["inventory"]).adjustStock);
lazy("restockProduct", () => (require("./api/inventory") as Modules["inventory"]).restockProduct);
lazy("transferStock", () => (require("./api/inventory") as Modules["inventory"]).transferStock);
lazy("upsertLocation", () => (require("./api/inventory") as Modules["inventory"]).upsertLocation);
lazy("checkLedger", () => (require("./api/inventory") as Modules["inventory"]).checkLedger);
lazy("upsertProduct", () => (require("./api/inventory") as Modules["inventory"]).upsertProduct);
lazy("createWebhookEndpoint", () => (require("./api/webhooks") as Modules["webhooks"]).createWebhookEndpoint);
lazy("updateWebhookEndpoint", () => (require("./api/webhooks") as Modules["webhooks"]).updateWebhookEndpoint);
lazy("deleteWebhookEndpoint", () => (require("./api/webhooks") as Modules["webhooks"]).deleteWebhookEndpoint);
lazy("rotateWebhookSecret", () => (require("./api/webhooks") as Modules["webhooks"]).rotateWebhookSecret);
lazy("resendWebhookEvents", () => (require("./api/webhooks") as Modules["webhooks"]).resendWebhookEvents);
lazy("dispatchEvents", () => (require("./api/webhooks") as Modules["webhooks"]).dispatchEvents);
lazy("eventDispatchSweep", () => (require("./api/webhooks") as Modules["webhooks"]).eventDispatchSweep);
lazy("sweepEventsNow", () => (require("./api/webhooks") as Modules["webhooks"]).sweepEventsNow);
lazy("deliverWebhook", () => (require("./api/webhooks") as Modules["webhooks"]).deliverWebhook);
lazy("sendAdminAlert", () => (require("./api/sendAdminAlert") as Modules["alerts"]).sendAdminAlert);
lazy("watchProductEdits", () => (require("./api/productChanges") as Modules["productChanges"]).watchProductEdits);
// The emulator's stand-in for a shop's own Eventarc consumer (test/integration/eventarc.test.ts).
// Deploy discovery runs without FUNCTIONS_EMULATOR, so it is never deployed.
if (process.env.FUNCTIONS_EMULATOR === "true") lazy("eventarcProbe", () => (require("./api/eventarcProbe") as Modules["eventarcProbe"]).eventarcProbe);
