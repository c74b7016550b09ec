// The callables' contract, once: for each kind of request, the callable that takes it, its
// request schema, the words for a request that doesn't fit, what it answers, and whether a
// caller may send it again as it is (the client package retries only those). The edge parses
// with it and the client package validates and calls with it. No server imports: the client
// bundles it.
import type { z } from "zod";
import { previewEmailSchema, resendConfirmationSchema, sweepNowSchema, type DeliveryOutcome, type EmailPreview, type SweepSummary } from "../email/emailRequestSchemas";
import { adjustStockSchema, checkLedgerSchema, restockProductSchema, transferStockSchema, upsertLocationSchema, upsertProductSchema, type TransferStockResult } from "../inventory/inventorySchemas";
import type { LocationView } from "../model/location";
import type { HoldResult } from "../model/holdDocument";
import type { PlaceOrderResult } from "../model/orderDocument";
import { cancelOrderRequestSchema, type CancelOrderResult } from "../orders/cancelOrderSchema";
import { fulfillOrderSchema, returnItemsSchema, type FulfillOrderResult, type ReturnItemsResult } from "../orders/fulfilmentSchemas";
import { holdStockRequestSchema, placeOrderFromHoldSchema, releaseHoldSchema, sweepHoldsNowSchema, type HoldSweepSummary } from "../orders/holdSchemas";
import { placeOrderRequestSchema } from "../orders/placeOrderSchema";
import type { LedgerPage, StockChange, StockTake } from "../stock/stockReports";
import {
  createWebhookEndpointSchema,
  deleteWebhookEndpointSchema,
  resendWebhookEventsSchema,
  rotateWebhookSecretSchema,
  sweepEventsNowSchema,
  updateWebhookEndpointSchema,
  type EventSweepSummary,
  type ResendSummary,
  type WebhookEndpointView,
  type WebhookSecretResult,
} from "../webhooks/webhookSchemas";

export interface Callable<S extends z.ZodType, Result> {
  name: string;
  request: S;
  invalid: string;
  retrySafe: boolean;
  // Never set: carries the result type for callers.
  result?: Result;
}

function callable<Result>() {
  return <S extends z.ZodType>(name: string, request: S, invalid: string, retrySafe: boolean): Callable<S, Result> => ({ name, request, invalid, retrySafe });
}

export const CALLABLES = {
  // One requestId kept across retries: placed once however often it is sent.
  placeOrder: callable<PlaceOrderResult>()("placeOrder", placeOrderRequestSchema, "The order request is invalid", true),
  placeOrderFromHold: callable<PlaceOrderResult>()("placeOrder", placeOrderFromHoldSchema, "The order request is invalid", true),
  holdStock: callable<HoldResult>()("holdStock", holdStockRequestSchema, "The hold request is invalid", true),
  releaseHold: callable<HoldResult>()("releaseHold", releaseHoldSchema, "The release request is invalid", true),
  // A second cancel answers `alreadyCancelled: true` and changes nothing.
  cancelOrder: callable<CancelOrderResult>()("cancelOrder", cancelOrderRequestSchema, "The cancellation request is invalid", true),
  // One requestId per shipment, kept across retries: shipped (and emailed) once.
  fulfillOrder: callable<FulfillOrderResult>()("fulfillOrder", fulfillOrderSchema, "The shipment is invalid", true),
  returnItems: callable<ReturnItemsResult>()("returnItems", returnItemsSchema, "The return is invalid", true),
  // Admin calls are sent once: a repeated restock would add twice.
  upsertProduct: callable<StockChange & { created: boolean }>()("upsertProduct", upsertProductSchema, "The product is invalid", false),
  restockProduct: callable<StockChange>()("restockProduct", restockProductSchema, "The restock request is invalid", false),
  adjustStock: callable<StockTake>()("adjustStock", adjustStockSchema, "The stock adjustment is invalid", false),
  // One requestId per transfer, kept across retries: moved once.
  transferStock: callable<TransferStockResult>()("transferStock", transferStockSchema, "The transfer is invalid", true),
  // Saving a location twice saves the same thing.
  upsertLocation: callable<LocationView>()("upsertLocation", upsertLocationSchema, "The location is invalid", true),
  checkLedger: callable<LedgerPage>()("checkLedger", checkLedgerSchema, "The ledger check request is invalid", false),
  resendConfirmation: callable<{ orderId: string; outcome: DeliveryOutcome }>()("resendConfirmation", resendConfirmationSchema, "The resend request is invalid", false),
  sweepConfirmationsNow: callable<SweepSummary>()("sweepConfirmationsNow", sweepNowSchema, "The sweep request is invalid", false),
  previewEmail: callable<EmailPreview>()("previewEmail", previewEmailSchema, "The preview request is invalid", false),
  sweepHoldsNow: callable<HoldSweepSummary>()("sweepHoldsNow", sweepHoldsNowSchema, "The sweep request is invalid", false),
  // Each call makes a new endpoint with a new secret.
  createWebhookEndpoint: callable<WebhookSecretResult>()("createWebhookEndpoint", createWebhookEndpointSchema, "The webhook endpoint is invalid", false),
  // Saving the same change twice saves the same thing (a second resume finds nothing paused).
  updateWebhookEndpoint: callable<WebhookEndpointView>()("updateWebhookEndpoint", updateWebhookEndpointSchema, "The webhook endpoint change is invalid", true),
  deleteWebhookEndpoint: callable<{ endpointId: string; deleted: boolean }>()("deleteWebhookEndpoint", deleteWebhookEndpointSchema, "The delete request is invalid", true),
  rotateWebhookSecret: callable<WebhookSecretResult>()("rotateWebhookSecret", rotateWebhookSecretSchema, "The rotation request is invalid", false),
  resendWebhookEvents: callable<ResendSummary>()("resendWebhookEvents", resendWebhookEventsSchema, "The re-send request is invalid", false),
  sweepEventsNow: callable<EventSweepSummary>()("sweepEventsNow", sweepEventsNowSchema, "The sweep request is invalid", false),
};

export type CallableKind = keyof typeof CALLABLES;
