// The `details` every callable error carries: a `reason` a program can branch on and what it
// needs to act (the error table in docs/api.md). No server imports: the client package imports it,
// so apps are typed with the same contract the functions produce, and word invalid input the
// same way, not with a copy.
import type { z } from "zod";
import { describeIssues, issuesOf, type ValidationIssue } from "../model/validationIssues";
import type { Refusal } from "../model/refusals";

export type { ValidationIssue };

// A schema's complaints as `details.issues`, and as one line for the error message.
export function validationIssues(error: z.ZodError): { issues: ValidationIssue[]; summary: string } {
  return { issues: issuesOf(error), summary: describeIssues(error) };
}

// A domain refusal as a caller sees it: its reason and fields, less `Hidden` (what is for the
// shop's logs or for the message only). The refusals' fields are written once, in Refusal.
type Told<R extends Refusal["reason"], Hidden extends string = never> = Omit<Extract<Refusal, { reason: R }>, Hidden>;

export type ErrorDetails =
  // Refused at the edge, before any domain code.
  | { reason: "sign-in-required" }
  | { reason: "admin-required" }
  | { reason: "invalid-request"; issues: ValidationIssue[] }
  | { reason: "request-too-large"; size: number; maxBytes: number }
  | { reason: "app-check-required" }
  | { reason: "email-required" }
  | { reason: "email-not-verified" }
  | { reason: "shipping-address-required" }
  // The domain's refusals.
  | Told<"rate-limited">
  | Told<"product-not-found">
  | Told<"product-misconfigured", "problem" | "during">
  | Told<"insufficient-stock", "name">
  | Told<"per-customer-limit", "name">
  | Told<"mixed-currencies">
  | Told<"request-id-reused">
  | Told<"order-not-found">
  | Told<"cancel-window-passed">
  | Told<"product-unavailable", "state">
  | Told<"stock-too-large", "max">
  | Told<"quantity-not-editable">
  | Told<"count-below-promised">
  | Told<"order-shipped">
  | Told<"order-not-fulfillable">
  | Told<"fulfil-too-many">
  | Told<"return-too-many">
  | Told<"location-not-found">
  | Told<"location-inactive">
  | Told<"location-short">
  | Told<"location-has-stock">
  | { reason: "fulfilment-role-required" }
  | Told<"webhook-url-refused">
  | Told<"webhook-endpoint-not-found">
  | Told<"webhook-endpoint-limit">
  | Told<"webhook-event-not-found">
  | Told<"hold-not-found">
  | Told<"hold-expired">
  // Over a cap on checkout holds: the buyer's live holds, the units of one product one buyer may
  // hold (`productId`), or the share of a product all holds together may take (`productId`).
  | Told<"hold-limit", "name">
  // The email callables'.
  | { reason: "already-sent"; orderId: string }
  | { reason: "in-progress"; orderId: string }
  | { reason: "smtp-unavailable"; orderId: string }
  // Busy: retry with the same request (a requestId makes that safe for orders).
  | { reason: "contention"; orderId?: string }
  | { reason: "server-error" };

export type ErrorReason = ErrorDetails["reason"];
