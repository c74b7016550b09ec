// The order document as the functions see it (Admin SDK timestamps). The shape itself is in
// orderDocument.ts, shared with apps.
import type { Timestamp } from "firebase-admin/firestore";
import type { Cancellation as CancellationOf, Confirmation as ConfirmationOf, FulfilmentDocument, OrderDocument } from "./orderDocument";

export type { ConfirmationStatus, OrderLine, OrderStatus, PlaceOrderResult } from "./orderDocument";
export type Fulfilment = FulfilmentDocument<Timestamp>;
export type Confirmation = ConfirmationOf<Timestamp>;
export type Cancellation = CancellationOf<Timestamp>;
export type Order = OrderDocument<Timestamp>;
