// Wires the deployed functions. Each lives in its own module.
export { placeOrder } from "./orders/placeOrder";
export { sendOrderConfirmation } from "./email/sendOrderConfirmation";
export { confirmationSweep, sweepConfirmationsNow } from "./email/confirmationSweep";
export { resendConfirmation } from "./email/resendConfirmation";
export { sendCancellationEmail } from "./email/sendCancellationEmail";
export { cancelOrderCallable as cancelOrder } from "./orders/cancelOrder";
export { adjustStock, restockProduct, upsertProduct } from "./inventory/inventoryCallables";
