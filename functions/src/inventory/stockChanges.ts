// Stock changes made by shop admins (callables and the admin CLI): create or edit a
// product, add units, set an absolute count. Each runs in one transaction with its ledger
// movement, so it serializes with the order batches on the same product and nothing is lost.
import { FieldValue, type Transaction } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { productRef } from "../firestore/paths";
import { inTransaction } from "../firestore/transaction";
import type { Product } from "../stock/productSchema";
import { readProduct } from "../stock/readProduct";
import { Refused } from "../stock/refusals";
import { applyStockChange, createWithStock, type StockChange } from "../stock/stockChange";
import type { MovementCause } from "../stock/stockLedger";
import { MAX_STOCK, type UpsertProductRequest } from "./inventorySchemas";

export type { StockChange };

function stockBusy(): Refused {
  return new Refused({ reason: "contention", during: "stock-change" });
}

async function readForChange(tx: Transaction, productId: string): Promise<Product> {
  const read = readProduct(await tx.get(productRef(productId)));
  if (!read.ok) throw new Refused(read.refusal.reason === "product-misconfigured" ? { ...read.refusal, during: "stock-change" } : read.refusal);
  return read.product;
}

function applyChange(
  tx: Transaction,
  productId: string,
  before: number,
  after: number,
  movement: { cause: MovementCause; by: string; reason?: string },
): StockChange {
  if (after > MAX_STOCK) {
    throw new Refused({ reason: "stock-too-large", productId, max: MAX_STOCK });
  }
  return applyStockChange(tx, { productId, before, after, ...movement });
}

export async function restockProduct(productId: string, add: number, by: string, reason?: string): Promise<StockChange> {
  const change = await inTransaction(async (tx) => {
    const product = await readForChange(tx, productId);
    return applyChange(tx, productId, product.quantity, product.quantity + add, { cause: "restock", by, reason });
  }, { gaveUp: stockBusy });
  logger.info("Product restocked", { ...change, by, reason });
  return change;
}

export async function adjustStock(productId: string, quantity: number, by: string, reason: string): Promise<StockChange> {
  const change = await inTransaction(async (tx) => {
    const product = await readForChange(tx, productId);
    return applyChange(tx, productId, product.quantity, quantity, { cause: "adjustment", by, reason });
  }, { gaveUp: stockBusy });
  logger.info("Stock adjusted", { ...change, by, reason });
  return change;
}

export async function upsertProduct(request: UpsertProductRequest, by: string): Promise<StockChange & { created: boolean }> {
  const { productId, name, price, currency, quantity, maxPerCustomer } = request;
  // undefined: leave as is; null: remove the limit.
  const limitField = maxPerCustomer === undefined ? {} : { maxPerCustomer: maxPerCustomer ?? FieldValue.delete() };
  const result = await inTransaction(async (tx) => {
    const snapshot = await tx.get(productRef(productId));
    const existing = snapshot.exists ? (snapshot.data() as Partial<Product>) : undefined;
    if (!existing) {
      const fields = { name, price, currency, ...(maxPerCustomer ? { maxPerCustomer } : {}) };
      return { ...createWithStock(tx, productId, fields, quantity ?? 0, by), created: true };
    }
    // A console-made entry may lack a valid quantity; treat it as 0 and let `quantity` set it.
    const before = typeof existing.quantity === "number" && Number.isInteger(existing.quantity) && existing.quantity >= 0 ? existing.quantity : 0;
    tx.update(productRef(productId), { name, price, currency, ...limitField });
    const change = applyChange(tx, productId, before, quantity ?? before, { cause: "adjustment", by, reason: "upsertProduct" });
    return { ...change, created: false };
  }, { gaveUp: stockBusy });
  logger.info(result.created ? "Product created" : "Product updated", { ...result, by });
  return result;
}
