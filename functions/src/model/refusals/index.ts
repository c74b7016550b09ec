// Why a request is refused, as data: a `reason` and what a program needs to act on it, one file
// per concern beside this one. The flows return or throw these; each callable turns them into
// an HttpsError once, at its edge (api/httpsErrors.ts), so they can be stored, compared and
// tested without the Functions SDK.
import type { CancelRefusal } from "./cancellations";
import type { FulfilmentRefusal } from "./fulfilments";
import type { ReturnRefusal } from "./returns";
import type { HoldRefusal } from "./holds";
import type { ProductRefusal } from "./products";
import type { RequestRefusal } from "./requests";
import type { StockChangeRefusal } from "./stockChanges";
import type { WebhookRefusal } from "./webhooks";

export type { CancelRefusal, FulfilmentRefusal, HoldRefusal, ReturnRefusal, ProductRefusal, RequestRefusal, StockChangeRefusal, WebhookRefusal };
export { perCustomerLimit } from "./products";

export type Refusal = ProductRefusal | RequestRefusal | HoldRefusal | CancelRefusal | StockChangeRefusal | FulfilmentRefusal | ReturnRefusal | WebhookRefusal;

export class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(`refused: ${refusal.reason}`);
  }
}
