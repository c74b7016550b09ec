// Wires the deployed functions. Each export loads its module only when it is read: a
// deployed function (or an emulator worker, both told by FUNCTION_TARGET which one they run)
// loads only its own code and dependencies, while deploy's discovery reads them all.
/* eslint-disable @typescript-eslint/no-require-imports -- require() is what makes each export lazy */
type Modules = {
  placeOrder: typeof import("./orders/placeOrder");
  confirmation: typeof import("./email/sendOrderConfirmation");
  sweep: typeof import("./email/confirmationSweep");
  resend: typeof import("./email/resendConfirmation");
  cancellationEmail: typeof import("./email/sendCancellationEmail");
  cancel: typeof import("./orders/cancelOrder");
  inventory: typeof import("./inventory/inventoryCallables");
};

function lazy(name: string, load: () => unknown): void {
  Object.defineProperty(exports, name, { enumerable: true, configurable: true, get: load });
}

lazy("placeOrder", () => (require("./orders/placeOrder") as Modules["placeOrder"]).placeOrder);
lazy("sendOrderConfirmation", () => (require("./email/sendOrderConfirmation") as Modules["confirmation"]).sendOrderConfirmation);
lazy("confirmationSweep", () => (require("./email/confirmationSweep") as Modules["sweep"]).confirmationSweep);
lazy("sweepConfirmationsNow", () => (require("./email/confirmationSweep") as Modules["sweep"]).sweepConfirmationsNow);
lazy("resendConfirmation", () => (require("./email/resendConfirmation") as Modules["resend"]).resendConfirmation);
lazy("sendCancellationEmail", () => (require("./email/sendCancellationEmail") as Modules["cancellationEmail"]).sendCancellationEmail);
lazy("cancelOrder", () => (require("./orders/cancelOrder") as Modules["cancel"]).cancelOrderCallable);
lazy("adjustStock", () => (require("./inventory/inventoryCallables") as Modules["inventory"]).adjustStock);
lazy("restockProduct", () => (require("./inventory/inventoryCallables") as Modules["inventory"]).restockProduct);
lazy("upsertProduct", () => (require("./inventory/inventoryCallables") as Modules["inventory"]).upsertProduct);
