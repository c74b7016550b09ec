// Stock changes made by shop admins (callables and the admin CLI): create or edit a
// product, add units, record a stock-take. Each runs in one transaction with its ledger
// movement, so it serializes with the order batches on the same product and nothing is lost.
// Editing a product never touches its stock: only a restock or a stock-take does.
import { FieldValue, type Transaction } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { productRef } from "../firestore/paths";
import { inTransaction } from "../firestore/transaction";
import type { Product } from "../stock/productSchema";
import { readProduct } from "../stock/readProduct";
import { Refused } from "../model/refusals";
import { applyStockChange, createWithStock, type StockChange } from "../stock/stockChange";
import type { StockTake } from "../stock/stockReports";
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
  movement: { cause: MovementCause; by: string; reason?: string; counted?: number },
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

// A stock-take: `counted` is every unit not yet sold that staff found, units on checkout holds
// included (they are still on the shelf). Held units stay held, so what is left to sell is the
// count less the held units; a count below them can't be right and is refused.
export async function adjustStock(productId: string, counted: number, by: string, reason: string): Promise<StockTake> {
  const change = await inTransaction(async (tx) => {
    const product = await readForChange(tx, productId);
    const held = product.held ?? 0;
    if (counted < held) throw new Refused({ reason: "count-below-held", productId, counted, held });
    return { ...applyChange(tx, productId, product.quantity, counted - held, { cause: "adjustment", by, reason, counted }), held, counted };
  }, { gaveUp: stockBusy });
  logger.info("Stock counted", { ...change, by, reason });
  return change;
}

function validStock(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
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
    // An edit never changes stock: that takes a restock or a stock-take, with a reason. Only a
    // console-made entry without a valid quantity may get its first one here.
    if (quantity !== undefined && validStock(existing.quantity)) throw new Refused({ reason: "quantity-not-editable", productId, quantity: existing.quantity });
    const before = validStock(existing.quantity) ? existing.quantity : 0;
    tx.update(productRef(productId), { name, price, currency, ...limitField });
    const change = applyChange(tx, productId, before, quantity ?? before, { cause: "adjustment", by, reason: "upsertProduct: first stock of a console-made entry" });
    return { ...change, created: false };
  }, { gaveUp: stockBusy });
  logger.info(result.created ? "Product created" : "Product updated", { ...result, by });
  return result;
}
