// Reads a product as shop owners wrote it. A document that doesn't fit the schema (a typo
// in the console) refuses orders with a clear reason and an error log, never a bad order.
import type { DocumentSnapshot } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { productSchema, type Product } from "./productSchema";
import type { Refusal } from "../model/refusals";
import { describeIssues } from "../model/validationIssues";

export type ProductRead = { ok: true; product: Product } | { ok: false; refusal: Refusal };

export function readProduct(snapshot: DocumentSnapshot): ProductRead {
  if (!snapshot.exists) return { ok: false, refusal: { reason: "product-not-found", productId: snapshot.id } };
  const parsed = productSchema.safeParse(snapshot.data());
  if (parsed.success) return { ok: true, product: parsed.data };
  const problem = describeIssues(parsed.error);
  logger.error("Product document is invalid; fix it in the console", { productId: snapshot.id, problem });
  return { ok: false, refusal: { reason: "product-misconfigured", productId: snapshot.id, problem } };
}
