// Stock checks and decrements, inside the caller's transaction so that the decrement
// and the order it pays for commit together or not at all.
import type { DocumentSnapshot, Transaction } from "firebase-admin/firestore";
import { db, PRODUCTS } from "../firestore";
import { insufficientStock, mixedCurrencies, productMisconfigured, productNotFound } from "../orders/orderErrors";
import type { OrderLine } from "../orders/orderSchema";
import type { OrderLineRequest } from "../orders/placeOrderSchema";
import { productSchema, stockStatus, type Product } from "./productSchema";
import * as logger from "firebase-functions/logger";

export interface Reservation {
  lines: OrderLine[];
  currency: string;
}

export function parseProduct(snapshot: DocumentSnapshot): Product {
  if (!snapshot.exists) throw productNotFound(snapshot.id);
  const parsed = productSchema.safeParse(snapshot.data());
  if (!parsed.success) {
    const problem = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    logger.error("Product document is invalid; fix it in the console", { productId: snapshot.id, problem });
    throw productMisconfigured(snapshot.id, problem);
  }
  return parsed.data;
}

// Reads every product of the order, refuses the whole order if any line can't be served,
// otherwise decrements each product (flipping status at zero). All lines or none.
export async function reserveStock(tx: Transaction, requested: OrderLineRequest[]): Promise<Reservation> {
  const refs = requested.map((line) => db().collection(PRODUCTS).doc(line.productId));
  const snapshots = await tx.getAll(...refs);
  const products = snapshots.map(parseProduct);

  const currencies = [...new Set(products.map((product) => product.currency))];
  if (currencies.length > 1) throw mixedCurrencies(currencies);

  requested.forEach((line, index) => {
    const product = products[index] as Product;
    if (product.quantity < line.quantity) {
      throw insufficientStock(line.productId, product.name, line.quantity, product.quantity);
    }
  });

  const lines = requested.map((line, index) => {
    const product = products[index] as Product;
    const quantity = product.quantity - line.quantity;
    tx.update(refs[index]!, { quantity, status: stockStatus(quantity) });
    return { productId: line.productId, name: product.name, quantity: line.quantity, unitPrice: product.price };
  });
  return { lines, currency: currencies[0] as string };
}
