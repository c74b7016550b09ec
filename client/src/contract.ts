// The backend's contract, imported from the functions' own source: the schemas the callables
// validate with and the types of what they return. Bundled into this package at build time,
// so there is no second copy to drift.
export { placeOrderRequestSchema, MAX_LINES, MAX_QUANTITY_PER_LINE } from "../../functions/src/orders/placeOrderSchema";
export type { PlaceOrderRequest, OrderLineRequest } from "../../functions/src/orders/placeOrderSchema";
export { BUYER_CANCEL_REASONS, cancelOrderRequestSchema, orderIdSchema, CANCEL_REASONS } from "../../functions/src/orders/cancelOrderSchema";
export type { CancelOrderRequest, CancelReason } from "../../functions/src/orders/cancelOrderSchema";
export { adjustStockSchema, checkLedgerSchema, restockProductSchema, upsertProductSchema, MAX_STOCK } from "../../functions/src/inventory/inventorySchemas";
export type { AdjustStockRequest, CheckLedgerRequest, RestockProductRequest, UpsertProductRequest } from "../../functions/src/inventory/inventorySchemas";
export { previewEmailSchema, resendConfirmationSchema, sweepNowSchema } from "../../functions/src/email/emailRequestSchemas";
export type { EmailPreview, PreviewEmailRequest, ResendConfirmationRequest, SweepNowRequest } from "../../functions/src/email/emailRequestSchemas";
export { localeSchema } from "../../functions/src/model/localeSchema";
export { countryName, shippingAddressSchema } from "../../functions/src/model/shippingAddress";
export type { ShippingAddress } from "../../functions/src/model/shippingAddress";
export { orderReference } from "../../functions/src/model/orderReference";
export { productIdSchema, productSchema } from "../../functions/src/stock/productSchema";
export type { Product } from "../../functions/src/stock/productSchema";
export type { ConfirmationStatus, FulfilmentDocument, FulfilmentSummary, OrderDocument, OrderLine, OrderStatus, PlaceOrderResult } from "../../functions/src/model/orderDocument";
export type { ReturnDocument, ReturnSummary } from "../../functions/src/model/orderDocument";
export { returnableLines, unshippedLines } from "../../functions/src/model/shipments";
export { fulfillOrderSchema, returnItemsSchema } from "../../functions/src/orders/fulfilmentSchemas";
export type { FulfillOrderRequest, FulfillOrderResult, ReturnItemsRequest, ReturnItemsResult } from "../../functions/src/orders/fulfilmentSchemas";
export { availableOf, bucketsOf } from "../../functions/src/stock/buckets";
export type { Buckets } from "../../functions/src/stock/buckets";
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
export type { LedgerReport } from "../../functions/src/stock/stockReports";
export type { SweepSummary } from "../../functions/src/email/emailRequestSchemas";
export type { DeliveryOutcome } from "../../functions/src/email/emailRequestSchemas";
