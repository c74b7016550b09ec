// Stock changes made by shop admins (callables and the admin CLI): create or edit a
// product, add units, record a stock-take. Each runs in one transaction with its ledger
// movement, so it serializes with the order batches on the same product and nothing is lost.
// Editing a product never touches its stock: only a restock or a stock-take does.
import { FieldValue, type Transaction } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { productRef, transferRef } from "../firestore/paths";
import { transferIdFor } from "./transferId";
import { inTransaction } from "../firestore/transaction";
import type { Product } from "../stock/productSchema";
import { readProduct } from "../stock/readProduct";
import { previousFields } from "../model/events";
import { lastEventSequence } from "../outbox/recordEvent";
import { Refused } from "../model/refusals";
import { availableAt, bucketsOf, DEFAULT_LOCATION, stockOf, totalOf } from "../stock/buckets";
import { requireActiveLocation } from "../stock/locations";
import { changeStock, createWithStock, type Movement, type StockChange } from "../stock/stockChange";
import type { StockTake } from "../stock/stockReports";
import { MAX_STOCK, type TransferStockRequest, type TransferStockResult, type UpsertProductRequest } from "./inventorySchemas";

export type { StockChange };

function stockBusy(): Refused {
  return new Refused({ reason: "contention", during: "stock-change" });
}

async function readForChange(tx: Transaction, productId: string): Promise<Product> {
  const read = readProduct(await tx.get(productRef(productId)));
  if (!read.ok) throw new Refused(read.refusal.reason === "product-misconfigured" ? { ...read.refusal, during: "stock-change" } : read.refusal);
  return read.product;
}

// The new on hand must stay within bounds.
function checkSize(productId: string, onHand: number): void {
  if (onHand > MAX_STOCK) throw new Refused({ reason: "stock-too-large", productId, max: MAX_STOCK });
}

export async function restockProduct(productId: string, add: number, by: string, reason?: string, locationId = DEFAULT_LOCATION): Promise<StockChange> {
  const change = await inTransaction(async (tx) => {
    await requireActiveLocation(tx, locationId);
    const product = await readForChange(tx, productId);
    checkSize(productId, bucketsOf(product).onHand + add);
    return changeStock(tx, productId, product, [{ cause: "restock", locationId, deltas: { onHand: add }, by, ...(reason ? { reason } : {}) }], {
      type: "inventory.restocked",
      change: { locationId, added: add, by, ...(reason ? { reason } : {}) },
    });
  }, { gaveUp: stockBusy });
  logger.info("Product restocked", { productId, locationId, quantity: change.quantity, by, reason });
  return change;
}

// A stock-take at a location: `counted` is every unit staff found on its shelf, those of
// confirmed orders not shipped yet and those on checkout holds included (they are still there).
// It becomes on hand there, and what is left to sell follows. A count below what is promised
// there (committed + held) is refused unless `acceptShortfall` says the units really are
// missing: then nothing is left to sell there until a restock, and the console shows the shortfall.
export async function adjustStock(productId: string, counted: number, by: string, reason: string, acceptShortfall = false, locationId = DEFAULT_LOCATION): Promise<StockTake> {
  const change = await inTransaction(async (tx) => {
    await requireActiveLocation(tx, locationId);
    const product = await readForChange(tx, productId);
    const buckets = stockOf(product)[locationId] ?? { onHand: 0, committed: 0, held: 0 };
    checkSize(productId, counted);
    if (counted < buckets.committed + buckets.held && !acceptShortfall) {
      throw new Refused({ reason: "count-below-promised", productId, counted, committed: buckets.committed, held: buckets.held, ...(locationId !== DEFAULT_LOCATION ? { locationId } : {}) });
    }
    const change = changeStock(tx, productId, product, [{ cause: "adjustment", locationId, deltas: { onHand: counted - buckets.onHand }, by, reason, counted }], {
      type: "inventory.counted",
      change: { locationId, counted, onHandBefore: buckets.onHand, by, reason },
    });
    return { ...change, counted };
  }, { gaveUp: stockBusy });
  logger.info("Stock counted", { productId, locationId, counted, quantity: change.quantity, by, reason });
  return change;
}

// Moves units between two locations in one commit (instant: a move within a site, or into and
// out of an "in transit" location for goods on the road). Only units the source has not
// promised to orders or holds can move. `requestId` makes a retry move them once.
export async function transferStock(request: TransferStockRequest, by: string): Promise<TransferStockResult> {
  const { productId, from, to, quantity, reason, requestId } = request;
  const transferId = transferIdFor(productId, requestId);
  const result = await inTransaction(async (tx): Promise<TransferStockResult> => {
    const earlier = await tx.get(transferRef(productId, transferId));
    if (earlier.exists) {
      const done = earlier.data() as { from: string; to: string; quantity: number };
      if (done.from !== from || done.to !== to || done.quantity !== quantity) throw new Refused({ reason: "request-id-reused", requestId });
      const product = await readForChange(tx, productId);
      return { ...summaryOf(productId, product), transferId, replayed: true };
    }
    await requireActiveLocation(tx, to);
    const product = await readForChange(tx, productId);
    const source = stockOf(product)[from] ?? { onHand: 0, committed: 0, held: 0 };
    const available = availableAt(source);
    if (available < quantity) throw new Refused({ reason: "location-short", locationId: from, productId, requested: quantity, available });
    checkSize(productId, (stockOf(product)[to]?.onHand ?? 0) + quantity);
    const movement = { by, reason };
    const change = changeStock(
      tx,
      productId,
      product,
      [
        { ...movement, cause: "transfer-out", locationId: from, deltas: { onHand: -quantity } },
        { ...movement, cause: "transfer-in", locationId: to, deltas: { onHand: quantity } },
      ],
      { type: "inventory.transferred", change: { from, to, quantity, by, reason, transferId } },
    );
    tx.create(transferRef(productId, transferId), { requestId, from, to, quantity, reason, by, at: FieldValue.serverTimestamp() });
    return { ...change, transferId, replayed: false };
  }, { gaveUp: stockBusy });
  logger.info(result.replayed ? "Transfer replayed" : "Stock transferred", { productId, from, to, quantity, by, reason });
  return result;
}

function summaryOf(productId: string, product: Product): StockChange {
  const stock = stockOf(product);
  return { productId, quantityBefore: product.quantity, quantity: product.quantity, status: product.status, ...totalOf(stock), locations: stock };
}

function validStock(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

export async function upsertProduct(request: UpsertProductRequest, by: string): Promise<StockChange & { created: boolean }> {
  const { productId, name, price, currency, quantity, maxPerCustomer, safetyStock, reorderPoint, locationReorderPoints } = request;
  // undefined: leave as is; null: remove it.
  const optional = <K extends string>(key: K, value: number | null | undefined) => (value === undefined ? {} : { [key]: value ?? FieldValue.delete() });
  const result = await inTransaction(async (tx) => {
    const snapshot = await tx.get(productRef(productId));
    const existing = snapshot.exists ? (snapshot.data() as Partial<Product>) : undefined;
    if (!existing) {
      const fields = {
        name,
        price,
        currency,
        ...(maxPerCustomer ? { maxPerCustomer } : {}),
        ...(safetyStock ? { safetyStock } : {}),
        ...(reorderPoint != null ? { reorderPoint } : {}),
        ...(locationReorderPoints ? { locationReorderPoints } : {}),
      };
      const sequence = (await lastEventSequence(tx, productId)) + 1;
      return { ...createWithStock(tx, productId, fields, quantity ?? 0, by, DEFAULT_LOCATION, sequence), created: true };
    }
    // An edit never changes stock: that takes a restock or a stock-take, with a reason. Only a
    // console-made entry without a valid quantity may get its first one here.
    if (quantity !== undefined && validStock(existing.quantity)) throw new Refused({ reason: "quantity-not-editable", productId, quantity: existing.quantity });
    const before = validStock(existing.quantity) ? existing.quantity : 0;
    tx.update(productRef(productId), {
      name,
      price,
      currency,
      ...optional("maxPerCustomer", maxPerCustomer),
      ...optional("safetyStock", safetyStock),
      ...optional("reorderPoint", reorderPoint),
      ...(locationReorderPoints === undefined ? {} : { locationReorderPoints: locationReorderPoints ?? FieldValue.delete() }),
    });
    const bucket = (value: unknown) => (validStock(value) ? value : undefined);
    // Each location's buckets as they are: an edit moves no unit from one location to another.
    const current = {
      quantity: before,
      held: bucket(existing.held),
      committed: bucket(existing.committed),
      onHand: bucket(existing.onHand),
      safetyStock: bucket(existing.safetyStock),
      ...(existing.locations ? { locations: existing.locations } : {}),
      // Its alerts' state and event numbering go on.
      ...(existing.alerts ? { alerts: existing.alerts } : {}),
      ...(bucket(existing.eventSequence) !== undefined ? { eventSequence: bucket(existing.eventSequence) } : {}),
      name,
    };
    const newReorderPoint = reorderPoint === undefined ? bucket(existing.reorderPoint) : (reorderPoint ?? undefined);
    const newLocationPoints = locationReorderPoints === undefined ? existing.locationReorderPoints : (locationReorderPoints ?? undefined);
    const added = (quantity ?? before) - before;
    checkSize(productId, bucketsOf(current).onHand + added);
    const movements: Movement[] = [{ cause: "adjustment", deltas: { onHand: added }, by, reason: "upsertProduct: first stock of a console-made entry" }];
    // Units kept back change what is available: recorded in the ledger like any other change.
    const safety = safetyStock === undefined ? current.safetyStock : (safetyStock ?? 0);
    if ((safety ?? 0) !== (current.safetyStock ?? 0)) movements.push({ cause: "adjustment", deltas: {}, safetyStock: safety ?? 0, by, reason: `safety stock ${current.safetyStock ?? 0} -> ${safety ?? 0}` });
    const points = { ...(newReorderPoint !== undefined ? { reorderPoint: newReorderPoint } : {}), ...(newLocationPoints ? { locationReorderPoints: newLocationPoints } : {}) };
    // The details an edit changed, as they were: an edit that changes nothing is no event.
    const details = (from: Partial<Product>) => ({
      name: from.name,
      price: from.price,
      currency: from.currency,
      maxPerCustomer: from.maxPerCustomer,
      safetyStock: from.safetyStock,
      reorderPoint: from.reorderPoint,
      locationReorderPoints: from.locationReorderPoints,
    });
    const after = {
      ...existing,
      name,
      price,
      currency,
      ...(maxPerCustomer !== undefined ? { maxPerCustomer: maxPerCustomer ?? undefined } : {}),
      ...(safetyStock !== undefined ? { safetyStock: safetyStock ?? undefined } : {}),
      ...(reorderPoint !== undefined ? { reorderPoint: reorderPoint ?? undefined } : {}),
      ...(locationReorderPoints !== undefined ? { locationReorderPoints: locationReorderPoints ?? undefined } : {}),
    };
    const previous = previousFields(details(existing), details(after));
    const edited = Object.keys(previous).length > 0 || added !== 0;
    const change = changeStock(tx, productId, { ...current, ...points }, movements, edited ? { type: "product.updated", change: { by, ...(added ? { added } : {}) }, previous } : undefined);
    return { ...change, created: false };
  }, { gaveUp: stockBusy });
  logger.info(result.created ? "Product created" : "Product updated", { ...result, by });
  return result;
}
