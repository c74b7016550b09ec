// Admin callables for the catalog and stock (custom claim `admin: true`).
import { onCall } from "firebase-functions/v2/https";
import { requireAdmin } from "./requireAdmin";
import { region } from "../config";
import { atEdge } from "./httpsErrors";
import { parseOrThrow } from "./validation";
import { adjustStockSchema, checkLedgerSchema, restockProductSchema, upsertProductSchema } from "../inventory/inventorySchemas";
import { checkStockLedger } from "../inventory/stockLedgerReport";
import { adjustStock as adjust, restockProduct as restock, upsertProduct as upsert } from "../inventory/stockChanges";

const options = { region, timeoutSeconds: 60 };

export const upsertProduct = onCall(options, (request) =>
  atEdge("upsertProduct", () => {
    const by = requireAdmin(request);
    return upsert(parseOrThrow(upsertProductSchema, request.data, "The product is invalid"), by);
  }),
);

export const restockProduct = onCall(options, (request) =>
  atEdge("restockProduct", () => {
    const by = requireAdmin(request);
    const { productId, add, reason } = parseOrThrow(restockProductSchema, request.data, "The restock request is invalid");
    return restock(productId, add, by, reason);
  }),
);

export const adjustStock = onCall(options, (request) =>
  atEdge("adjustStock", () => {
    const by = requireAdmin(request);
    const { productId, quantity, reason } = parseOrThrow(adjustStockSchema, request.data, "The stock adjustment is invalid");
    return adjust(productId, quantity, by, reason);
  }),
);

// Read-only: does each product's stock equal what its ledger adds up to?
export const checkLedger = onCall({ region, timeoutSeconds: 120 }, (request) =>
  atEdge("checkLedger", () => {
    requireAdmin(request);
    const { productIds } = parseOrThrow(checkLedgerSchema, request.data ?? {}, "The ledger check request is invalid");
    return checkStockLedger(productIds);
  }),
);
