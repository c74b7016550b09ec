// Admin callables for the catalog and stock (custom claim `admin: true`).
import { onCall } from "firebase-functions/v2/https";
import { requireAdmin } from "./requireAdmin";
import { region } from "../config";
import { atEdge } from "./httpsErrors";
import { CALLABLES } from "./callables";
import { parseRequest } from "./validation";
import { checkStockLedger } from "../inventory/stockLedgerReport";
import { adjustStock as adjust, restockProduct as restock, transferStock as transfer, upsertProduct as upsert } from "../inventory/inventoryOperations";
import { upsertLocation as saveLocation } from "../inventory/locationOperations";

const options = { region, timeoutSeconds: 60 };

export const upsertProduct = onCall(options, (request) =>
  atEdge("upsertProduct", () => {
    const by = requireAdmin(request);
    return upsert(parseRequest(CALLABLES.upsertProduct, request.data), by);
  }),
);

export const restockProduct = onCall(options, (request) =>
  atEdge("restockProduct", () => {
    const by = requireAdmin(request);
    const { productId, add, reason, locationId } = parseRequest(CALLABLES.restockProduct, request.data);
    return restock(productId, add, by, reason, locationId);
  }),
);

export const adjustStock = onCall(options, (request) =>
  atEdge("adjustStock", () => {
    const by = requireAdmin(request);
    const { productId, quantity, reason, acceptShortfall, locationId } = parseRequest(CALLABLES.adjustStock, request.data);
    return adjust(productId, quantity, by, reason, acceptShortfall, locationId);
  }),
);

export const transferStock = onCall(options, (request) =>
  atEdge("transferStock", () => {
    const by = requireAdmin(request);
    return transfer(parseRequest(CALLABLES.transferStock, request.data), by);
  }),
);

export const upsertLocation = onCall(options, (request) =>
  atEdge("upsertLocation", () => {
    const by = requireAdmin(request);
    return saveLocation(parseRequest(CALLABLES.upsertLocation, request.data), by);
  }),
);

// Read-only: does each product's stock equal what its ledger adds up to?
export const checkLedger = onCall({ region, timeoutSeconds: 120 }, (request) =>
  atEdge("checkLedger", () => {
    requireAdmin(request);
    return checkStockLedger(parseRequest(CALLABLES.checkLedger, request.data ?? {}));
  }),
);
