// Typed functions for every callable. placeOrder and cancelOrder retry safely by themselves;
// admin stock changes never retry (a repeated restock would add twice).
import type { FirebaseApp } from "firebase/app";
import { getFunctions, httpsCallable, type Functions } from "firebase/functions";
import type { z } from "zod";
import {
  adjustStockSchema,
  holdStockRequestSchema,
  placeOrderFromHoldSchema,
  releaseHoldSchema,
  previewEmailSchema,
  cancelOrderRequestSchema,
  checkLedgerSchema,
  placeOrderRequestSchema,
  resendConfirmationSchema,
  restockProductSchema,
  sweepNowSchema,
  sweepHoldsNowSchema,
  upsertProductSchema,
  validationIssues,
  type AdjustStockRequest,
  type CancelOrderRequest,
  type CancelOrderResult,
  type CheckLedgerRequest,
  type DeliveryOutcome,
  type EmailPreview,
  type HoldResult,
  type HoldSweepSummary,
  type PreviewEmailRequest,
  type LedgerReport,
  type OrderLineRequest,
  type PlaceOrderResult,
  type RestockProductRequest,
  type StockChange,
  type StockTake,
  type SweepNowRequest,
  type SweepSummary,
  type UpsertProductRequest,
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
}

export type PlacedOrder = PlaceOrderResult & { requestId: string };

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

  async function once<Req, Res>(name: string, data: Req): Promise<Res> {
    try {
      return (await httpsCallable<Req, Res>(functions, name, { timeout })(data)).data;
    } catch (error) {
      throw toShopError(error);
    }
  }

  function retrying<Req, Res>(name: string, data: Req): Promise<Res> {
    return withRetries(
      () => httpsCallable<Req, Res>(functions, name, { timeout })(data).then((result) => result.data),
      policy,
      (error, attempt) => options.onRetry?.({ callable: name, attempt, error }),
    );
  }

  return {
    functions,

    // One logical order: one requestId, kept across every retry, so the order is placed once.
    async placeOrder(items: OrderLineRequest[], { requestId = newRequestId(), locale }: PlaceOrderOptions = {}): Promise<PlacedOrder> {
      const request = validate(placeOrderRequestSchema, { items, requestId, ...(locale ? { locale } : {}) }, "The order request is invalid");
      return { ...(await retrying<typeof request, PlaceOrderResult>("placeOrder", request)), requestId };
    },

    // Reserves the lines for HOLD_MINUTES (checkout): same checks and refusals as an order, and
    // the same safe retries with one requestId.
    async holdStock(items: OrderLineRequest[], { requestId = newRequestId(), locale }: PlaceOrderOptions = {}): Promise<HoldResult & { requestId: string }> {
      const request = validate(holdStockRequestSchema, { items, requestId, ...(locale ? { locale } : {}) }, "The hold request is invalid");
      return { ...(await retrying<typeof request, HoldResult>("holdStock", request)), requestId };
    },

    // Turns a live hold into its order (never refused for stock); "hold-expired" when it ended.
    async placeOrderFromHold(holdId: string, { requestId = newRequestId() }: Pick<PlaceOrderOptions, "requestId"> = {}): Promise<PlacedOrder> {
      const request = validate(placeOrderFromHoldSchema, { holdId, requestId }, "The order request is invalid");
      return { ...(await retrying<typeof request, PlaceOrderResult>("placeOrder", request)), requestId };
    },

    // Gives the units back now; safe to repeat.
    releaseHold(holdId: string): Promise<HoldResult> {
      return retrying("releaseHold", validate(releaseHoldSchema, { holdId }, "The release request is invalid"));
    },

    // Safe to repeat: a second cancel answers `alreadyCancelled: true` and changes nothing.
    cancelOrder(request: CancelOrderRequest): Promise<CancelOrderResult> {
      return retrying("cancelOrder", validate(cancelOrderRequestSchema, request, "The cancellation request is invalid"));
    },

    // Callables for accounts with the `admin: true` claim; others get reason "admin-required".
    admin: {
      upsertProduct(request: UpsertProductRequest): Promise<StockChange & { created: boolean }> {
        return once("upsertProduct", validate(upsertProductSchema, request, "The product is invalid"));
      },
      restockProduct(request: RestockProductRequest): Promise<StockChange> {
        return once("restockProduct", validate(restockProductSchema, request, "The restock request is invalid"));
      },
      // A stock-take: `quantity` is every unsold unit counted, held ones included.
      adjustStock(request: AdjustStockRequest): Promise<StockTake> {
        return once("adjustStock", validate(adjustStockSchema, request, "The stock adjustment is invalid"));
      },
      resendConfirmation(orderId: string): Promise<{ orderId: string; outcome: DeliveryOutcome }> {
        return once("resendConfirmation", validate(resendConfirmationSchema, { orderId }, "The resend request is invalid"));
      },
      sweepConfirmationsNow(request: SweepNowRequest = {}): Promise<SweepSummary> {
        return once("sweepConfirmationsNow", validate(sweepNowSchema, request, "The sweep request is invalid"));
      },
      // Renders an order email (sample data, or a real order) without sending it.
      previewEmail(request: PreviewEmailRequest): Promise<EmailPreview> {
        return once("previewEmail", validate(previewEmailSchema, request, "The preview request is invalid"));
      },
      sweepHoldsNow(): Promise<HoldSweepSummary> {
        return once("sweepHoldsNow", validate(sweepHoldsNowSchema, {}, "The sweep request is invalid"));
      },
      checkLedger(request: CheckLedgerRequest = {}): Promise<LedgerReport[]> {
        return once("checkLedger", validate(checkLedgerSchema, request, "The ledger check request is invalid"));
      },
    },
  };
}

export type ShopClient = ReturnType<typeof createShopClient>;
