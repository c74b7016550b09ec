// The `details` every callable error carries: a `reason` a program can branch on and what it
// needs to act (the error table in docs/api.md). No server imports: the client package imports it,
// so apps are typed with the same contract the functions produce, and word invalid input the
// same way, not with a copy.
import type { z } from "zod";
import { describeIssues, issuesOf, type ValidationIssue } from "../model/validationIssues";

export type { ValidationIssue };

// A schema's complaints as `details.issues`, and as one line for the error message.
export function validationIssues(error: z.ZodError): { issues: ValidationIssue[]; summary: string } {
  return { issues: issuesOf(error), summary: describeIssues(error) };
}

export type ErrorDetails =
  | { reason: "sign-in-required" }
  | { reason: "admin-required" }
  | { reason: "invalid-request"; issues: ValidationIssue[] }
  | { reason: "request-too-large"; size: number; maxBytes: number }
  | { reason: "app-check-required" }
  | { reason: "email-required" }
  | { reason: "email-not-verified" }
  | { reason: "rate-limited"; retryAfterSeconds: number; limitPerMinute: number }
  | { reason: "product-not-found"; productId: string }
  | { reason: "product-misconfigured"; productId: string }
  | { reason: "insufficient-stock"; productId: string; requested: number; available: number }
  | { reason: "per-customer-limit"; productId: string; limit: number; alreadyBought: number; canBuy: number }
  | { reason: "mixed-currencies"; currencies: string[] }
  | { reason: "request-id-reused"; requestId: string }
  | { reason: "order-not-found"; orderId: string }
  | { reason: "cancel-window-passed"; orderId: string; windowMinutes: number }
  | { reason: "product-unavailable"; orderId: string; productId: string }
  | { reason: "stock-too-large"; productId: string }
  | { reason: "quantity-not-editable"; productId: string; quantity: number }
  | { reason: "count-below-held"; productId: string; counted: number; held: number }
  | { reason: "hold-not-found"; holdId: string }
  | { reason: "hold-expired"; holdId: string; state: "expired" | "released" }
  // Over a cap on checkout holds: the buyer's live holds, the units of one product one buyer may
  // hold (`productId`), or the share of a product all holds together may take (`productId`).
  | { reason: "hold-limit"; scope: "buyer-holds" | "buyer-units" | "product"; limit: number; canHold: number; productId?: string }
  | { reason: "already-sent"; orderId: string }
  | { reason: "in-progress"; orderId: string }
  | { reason: "smtp-unavailable"; orderId: string }
  // Busy: retry with the same request (a requestId makes that safe for orders).
  | { reason: "contention"; orderId?: string }
  | { reason: "server-error" };

export type ErrorReason = ErrorDetails["reason"];
