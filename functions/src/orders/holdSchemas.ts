// What apps may send to the checkout-hold callables, and placeOrder's hold form.
import { z } from "zod";
import { placeOrderRequestSchema } from "./placeOrderSchema";

// A hold id as holdStock returns it.
export const holdIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, "a hold id");

// Same lines, limits and idempotency as an order.
export const holdStockRequestSchema = placeOrderRequestSchema;

// placeOrder with a live hold: the order is what was held, never refused for stock.
export const placeOrderFromHoldSchema = z.strictObject({
  holdId: holdIdSchema,
  requestId: placeOrderRequestSchema.shape.requestId,
});

export const releaseHoldSchema = z.strictObject({ holdId: holdIdSchema });

// sweepHoldsNow takes nothing (an empty object, or no data at all).
export const sweepHoldsNowSchema = z.strictObject({});

export type HoldStockRequest = z.infer<typeof holdStockRequestSchema>;
export type PlaceOrderFromHoldRequest = z.infer<typeof placeOrderFromHoldSchema>;
export type ReleaseHoldRequest = z.infer<typeof releaseHoldSchema>;

export interface HoldSweepSummary {
  // Active holds found past their time, and how many this sweep expired (others ended meanwhile).
  found: number;
  expired: number;
  // Of the expired: holds with units of a deleted product, written off in the ledger.
  writtenOff: number;
  // Holds whose commit failed (logged); the next sweep tries them again.
  failed: number;
  // Holds that can't end until a product's broken document is fixed (ERROR logged); their
  // units stay held, never lost.
  blocked: { holdId: string; productId: string }[];
}
