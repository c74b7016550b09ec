// The backend's contract, imported from the functions' own source: the schemas the callables
// validate with and the types of what they return. Bundled into this package at build time,
// so there is no second copy to drift.
export { placeOrderRequestSchema, MAX_LINES, MAX_QUANTITY_PER_LINE } from "../../functions/src/orders/placeOrderSchema";
export type { PlaceOrderRequest, OrderLineRequest } from "../../functions/src/orders/placeOrderSchema";
export { BUYER_CANCEL_REASONS, cancelOrderRequestSchema, orderIdSchema, CANCEL_REASONS } from "../../functions/src/orders/cancelOrderSchema";
export type { CancelOrderRequest, CancelReason } from "../../functions/src/orders/cancelOrderSchema";
export { adjustStockSchema, checkLedgerSchema, restockProductSchema, transferStockSchema, upsertLocationSchema, upsertProductSchema, MAX_STOCK } from "../../functions/src/inventory/inventorySchemas";
export type { AdjustStockRequest, CheckLedgerRequest, RestockProductRequest, TransferStockRequest, TransferStockResult, UpsertLocationRequest, UpsertProductRequest } from "../../functions/src/inventory/inventorySchemas";
export type { LocationDocument, LocationView } from "../../functions/src/model/location";
export { allocationsOf, DEFAULT_LOCATION } from "../../functions/src/model/allocations";
export type { Allocation } from "../../functions/src/model/allocations";
export { previewEmailSchema, resendConfirmationSchema, sweepNowSchema } from "../../functions/src/email/emailRequestSchemas";
export type { EmailPreview, PreviewEmailRequest, ResendConfirmationRequest, SweepNowRequest } from "../../functions/src/email/emailRequestSchemas";
export { localeSchema } from "../../functions/src/model/localeSchema";
export { countryName, shippingAddressSchema } from "../../functions/src/model/shippingAddress";
export type { ShippingAddress } from "../../functions/src/model/shippingAddress";
export { orderReference } from "../../functions/src/model/orderReference";
export { locationIdSchema, productIdSchema, productSchema } from "../../functions/src/stock/productSchema";
export type { Product } from "../../functions/src/stock/productSchema";
export type { ConfirmationStatus, FulfilmentDocument, FulfilmentSummary, OrderDocument, OrderLine, OrderStatus, PlaceOrderResult } from "../../functions/src/model/orderDocument";
export type { ReturnDocument, ReturnSummary } from "../../functions/src/model/orderDocument";
export { openCommitments, returnableLines, unshippedLines } from "../../functions/src/model/shipments";
export { fulfillOrderSchema, returnItemsSchema } from "../../functions/src/orders/fulfilmentSchemas";
export type { FulfillOrderRequest, FulfillOrderResult, ReturnItemsRequest, ReturnItemsResult } from "../../functions/src/orders/fulfilmentSchemas";
export { availableAt, bucketsOf, quantityOf, stockOf } from "../../functions/src/stock/buckets";
export type { Buckets, LocationStock } from "../../functions/src/stock/buckets";
export type { HoldDocument, HoldResult, HoldStatus } from "../../functions/src/model/holdDocument";
export { holdIdSchema, holdStockRequestSchema, placeOrderFromHoldSchema, releaseHoldSchema, sweepHoldsNowSchema } from "../../functions/src/orders/holdSchemas";
export type { HoldStockRequest, HoldSweepSummary, PlaceOrderFromHoldRequest, ReleaseHoldRequest } from "../../functions/src/orders/holdSchemas";
export type { ErrorDetails, ErrorReason, ValidationIssue } from "../../functions/src/api/errorDetails";
export { validationIssues } from "../../functions/src/api/errorDetails";
export { CALLABLES } from "../../functions/src/api/callables";
export type { Callable, CallableKind } from "../../functions/src/api/callables";
export { describeIssues } from "../../functions/src/model/validationIssues";
export type { CancelOrderResult } from "../../functions/src/orders/cancelOrderSchema";
export type { StockChange, StockTake } from "../../functions/src/stock/stockReports";
export type { LedgerPage, LedgerReport } from "../../functions/src/stock/stockReports";
export type { SweepSummary } from "../../functions/src/email/emailRequestSchemas";
export type { DeliveryOutcome } from "../../functions/src/email/emailRequestSchemas";
export {
  createWebhookEndpointSchema,
  deleteWebhookEndpointSchema,
  eventSelectionSchema,
  resendWebhookEventsSchema,
  rotateWebhookSecretSchema,
  sweepEventsNowSchema,
  updateWebhookEndpointSchema,
} from "../../functions/src/webhooks/webhookSchemas";
export type {
  CreateWebhookEndpointRequest,
  DeliveryStatus,
  EndpointStatus,
  EventSweepSummary,
  ResendSummary,
  ResendWebhookEventsRequest,
  RotateWebhookSecretRequest,
  UpdateWebhookEndpointRequest,
  WebhookEndpointView,
  WebhookSecretResult,
} from "../../functions/src/webhooks/webhookSchemas";
export { EVENT_TYPES, EVENTS_API_VERSION } from "../../functions/src/model/events";
export type { EventEnvelope, EventType } from "../../functions/src/model/events";
export type { AttemptLog, DeliveryDocument, EndpointDocument, SecretHint } from "../../functions/src/model/webhookDocuments";
