// The order document as the functions see it (Admin SDK timestamps). The shape itself is in
// orderDocument.ts, shared with apps.
import type { Timestamp } from "firebase-admin/firestore";
import type { Cancellation as CancellationOf, Confirmation as ConfirmationOf, OrderDocument } from "./orderDocument";

export type { ConfirmationStatus, OrderLine, PlaceOrderResult } from "./orderDocument";
export type Confirmation = ConfirmationOf<Timestamp>;
export type Cancellation = CancellationOf<Timestamp>;
export type Order = OrderDocument<Timestamp>;
