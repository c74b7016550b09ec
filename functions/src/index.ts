// Wires the deployed functions. Each lives in its own module.
export { placeOrder } from "./orders/placeOrder";
export { sendOrderConfirmation } from "./email/sendOrderConfirmation";
export { confirmationSweep, sweepConfirmationsNow } from "./email/confirmationSweep";
export { resendConfirmation } from "./email/resendConfirmation";
