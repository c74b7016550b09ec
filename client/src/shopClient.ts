// Typed functions for every callable. placeOrder and cancelOrder retry safely by themselves;
// admin stock changes never retry (a repeated restock would add twice).
import type { FirebaseApp } from "firebase/app";
import { getFunctions, httpsCallable, type Functions } from "firebase/functions";
import type { z } from "zod";
import {
  CALLABLES,
  validationIssues,
  type Callable,
  type CancelOrderRequest,
  type CancelOrderResult,
  type CheckLedgerRequest,
  type DeliveryOutcome,
  type EmailPreview,
  type FulfillOrderRequest,
  type FulfillOrderResult,
  type ReturnItemsRequest,
  type TransferStockRequest,
  type TransferStockResult,
  type UpsertLocationRequest,
  type LocationView,
  type ReturnItemsResult,
  type HoldResult,
  type HoldSweepSummary,
  type LedgerPage,
  type PlaceOrderResult,
  type ShippingAddress,
  type StockChange,
  type StockTake,
  type SweepSummary,
  type OrderLineRequest,
  type PreviewEmailRequest,
  type AdjustStockRequest,
  type RestockProductRequest,
  type SweepNowRequest,
  type UpsertProductRequest,
  type CreateWebhookEndpointRequest,
  type EventSweepSummary,
  type ResendSummary,
  type ResendWebhookEventsRequest,
  type RotateWebhookSecretRequest,
  type UpdateWebhookEndpointRequest,
  type WebhookEndpointView,
  type WebhookSecretResult,
} from "./contract";
import { ShopError, toShopError } from "./errors";
import { DEFAULT_RETRY, withRetries, type RetryPolicy } from "./retryPolicy";

export interface ShopClientOptions {
  region?: string;
  // An already configured Functions instance (e.g. connected to the emulator).
  functions?: Functions;
  retry?: Partial<RetryPolicy>;
  // Per call; the backend answers within 60 s.
  callTimeoutMs?: number;
  // Told about each retry, e.g. to show "still trying...".
  onRetry?: (info: { callable: string; attempt: number; error: ShopError }) => void;
}

export interface PlaceOrderOptions {
  // Reuse the same id when the app itself retries the same order later (e.g. after a reload).
  requestId?: string;
  // The buyer's language for emails (BCP 47, e.g. navigator.language).
  locale?: string;
  // Where the order ships (required when the shop sets REQUIRE_SHIPPING_ADDRESS).
  shippingAddress?: ShippingAddress;
}

export type PlacedOrder = PlaceOrderResult & { requestId: string };

// What placeOrder and holdStock send: the lines, one requestId (new unless given), and what the
// buyer added.
function linesRequest(items: OrderLineRequest[], { requestId = newRequestId(), locale, shippingAddress }: PlaceOrderOptions) {
  return { items, requestId, ...(locale ? { locale } : {}), ...(shippingAddress ? { shippingAddress } : {}) };
}

// Checks input before any network call, with the backend's own schema and message format.
function validate<S extends z.ZodType>(schema: S, data: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const { issues, summary } = validationIssues(parsed.error);
  throw new ShopError("invalid-argument", `${what}: ${summary}`, { reason: "invalid-request", issues }, 0);
}

export function newRequestId(): string {
  return globalThis.crypto.randomUUID();
}

export function createShopClient(app: FirebaseApp, options: ShopClientOptions = {}) {
  const functions = options.functions ?? getFunctions(app, options.region ?? "us-central1");
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const timeout = options.callTimeoutMs ?? 65_000;

  // Validates with the callable's own schema, then sends it: again on an unknown outcome when
  // the contract says the same request may be sent again, else once.
  function call<S extends z.ZodType, Res>(callable: Callable<S, Res>, data: z.input<S>): Promise<Res> {
    const request = validate(callable.request, data, callable.invalid);
    const send = () => httpsCallable<z.infer<S>, Res>(functions, callable.name, { timeout })(request).then((result) => result.data);
    if (callable.retrySafe) return withRetries(send, policy, (error, attempt) => options.onRetry?.({ callable: callable.name, attempt, error }));
    return send().catch((error: unknown) => {
      throw toShopError(error);
    });
  }

  return {
    functions,

    // One logical order: one requestId, kept across every retry, so the order is placed once.
    async placeOrder(items: OrderLineRequest[], options: PlaceOrderOptions = {}): Promise<PlacedOrder> {
      const request = linesRequest(items, options);
      return { ...(await call(CALLABLES.placeOrder, request)), requestId: request.requestId };
    },

    // Reserves the lines for HOLD_MINUTES (checkout): same checks and refusals as an order, and
    // the same safe retries with one requestId.
    async holdStock(items: OrderLineRequest[], options: PlaceOrderOptions = {}): Promise<HoldResult & { requestId: string }> {
      const request = linesRequest(items, options);
      return { ...(await call(CALLABLES.holdStock, request)), requestId: request.requestId };
    },

    // Turns a live hold into its order (never refused for stock); "hold-expired" when it ended.
    async placeOrderFromHold(holdId: string, { requestId = newRequestId() }: Pick<PlaceOrderOptions, "requestId"> = {}): Promise<PlacedOrder> {
      return { ...(await call(CALLABLES.placeOrderFromHold, { holdId, requestId })), requestId };
    },

    // Gives the units back now; safe to repeat.
    releaseHold(holdId: string): Promise<HoldResult> {
      return call(CALLABLES.releaseHold, { holdId });
    },

    // Safe to repeat: a second cancel answers `alreadyCancelled: true` and changes nothing.
    cancelOrder(request: CancelOrderRequest): Promise<CancelOrderResult> {
      return call(CALLABLES.cancelOrder, request);
    },

    // Ships an order, in part (`lines`) or whole: for admins and accounts with the `fulfilment`
    // claim (others get reason "fulfilment-role-required"). One requestId per shipment, kept
    // across retries, so a shipment is recorded and emailed once.
    async fulfillOrder(request: Omit<FulfillOrderRequest, "requestId"> & { requestId?: string }): Promise<FulfillOrderResult> {
      return call(CALLABLES.fulfillOrder, { ...request, requestId: request.requestId ?? newRequestId() });
    },

    // Takes units back (restocked for sale, or written off); same accounts and safe retries as fulfillOrder.
    async returnItems(request: Omit<ReturnItemsRequest, "requestId"> & { requestId?: string }): Promise<ReturnItemsResult> {
      return call(CALLABLES.returnItems, { ...request, requestId: request.requestId ?? newRequestId() });
    },

    // Callables for accounts with the `admin: true` claim; others get reason "admin-required".
    admin: {
      upsertProduct(request: UpsertProductRequest): Promise<StockChange & { created: boolean }> {
        return call(CALLABLES.upsertProduct, request);
      },
      restockProduct(request: RestockProductRequest): Promise<StockChange> {
        return call(CALLABLES.restockProduct, request);
      },
      // Moves unpromised units between two locations in one commit; one requestId per transfer,
      // kept across retries, so it moves once.
      async transferStock(request: Omit<TransferStockRequest, "requestId"> & { requestId?: string }): Promise<TransferStockResult> {
        return call(CALLABLES.transferStock, { ...request, requestId: request.requestId ?? newRequestId() });
      },
      // Creates or edits a location (name, priority, active); deactivating needs it empty.
      async upsertLocation(request: UpsertLocationRequest): Promise<LocationView> {
        return call(CALLABLES.upsertLocation, request);
      },
      // A stock-take: `quantity` is every unit counted on the shelf, those of unshipped orders and
      // of holds included; below them only with `acceptShortfall: true`.
      adjustStock(request: AdjustStockRequest): Promise<StockTake> {
        return call(CALLABLES.adjustStock, request);
      },
      resendConfirmation(orderId: string): Promise<{ orderId: string; outcome: DeliveryOutcome }> {
        return call(CALLABLES.resendConfirmation, { orderId });
      },
      sweepConfirmationsNow(request: SweepNowRequest = {}): Promise<SweepSummary> {
        return call(CALLABLES.sweepConfirmationsNow, request);
      },
      // Renders an order email (sample data, or a real order) without sending it.
      previewEmail(request: PreviewEmailRequest): Promise<EmailPreview> {
        return call(CALLABLES.previewEmail, request);
      },
      sweepHoldsNow(): Promise<HoldSweepSummary> {
        return call(CALLABLES.sweepHoldsNow, {});
      },
      // The named products, or one page of the catalog (`after`: the last page's `next`).
      checkLedger(request: CheckLedgerRequest = {}): Promise<LedgerPage> {
        return call(CALLABLES.checkLedger, request);
      },
      // Webhooks (docs/events.md). The answer's `secret` is shown this once: store it with the receiver.
      createWebhookEndpoint(request: CreateWebhookEndpointRequest): Promise<WebhookSecretResult> {
        return call(CALLABLES.createWebhookEndpoint, request);
      },
      // URL, event types, description; `status: "paused"` holds deliveries, "active" sends what was kept.
      updateWebhookEndpoint(request: UpdateWebhookEndpointRequest): Promise<WebhookEndpointView> {
        return call(CALLABLES.updateWebhookEndpoint, request);
      },
      deleteWebhookEndpoint(endpointId: string): Promise<{ endpointId: string; deleted: boolean }> {
        return call(CALLABLES.deleteWebhookEndpoint, { endpointId });
      },
      // A new secret (answered once); the current one keeps signing beside it for `previousSecretHours`.
      rotateWebhookSecret(request: RotateWebhookSecretRequest): Promise<WebhookSecretResult> {
        return call(CALLABLES.rotateWebhookSecret, request);
      },
      // One event again ({ endpointId, eventId }), or every delivery that failed since a time ({ endpointId, failedSince }).
      resendWebhookEvents(request: ResendWebhookEventsRequest): Promise<ResendSummary> {
        return call(CALLABLES.resendWebhookEvents, request);
      },
      sweepEventsNow(minAgeSeconds?: number): Promise<EventSweepSummary> {
        return call(CALLABLES.sweepEventsNow, minAgeSeconds === undefined ? {} : { minAgeSeconds });
      },
      // The whole catalog, a page (one call) at a time.
      async *checkLedgerPages(pageSize?: number): AsyncGenerator<LedgerPage> {
        let after: string | undefined;
        do {
          const page: LedgerPage = await call(CALLABLES.checkLedger, { ...(after ? { after } : {}), ...(pageSize ? { pageSize } : {}) });
          yield page;
          after = page.next;
        } while (after);
      },
    },
  };
}

export type ShopClient = ReturnType<typeof createShopClient>;
