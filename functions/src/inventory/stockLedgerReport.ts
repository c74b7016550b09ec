// The ledger check for admins: re-derives each product's stock from its movements, for the
// named products or a page of the catalog.
import { db } from "../firestore/db";
import { checkLedger, checkLedgerPage, LEDGER_PAGE_SIZE, type LedgerPage, type LedgerReport } from "../stock/ledgerCheck";
import type { CheckLedgerRequest } from "./inventorySchemas";

export type { LedgerPage, LedgerReport };

export async function checkStockLedger({ productIds, after, pageSize = LEDGER_PAGE_SIZE }: CheckLedgerRequest): Promise<LedgerPage> {
  if (productIds) {
    const reports = await checkLedger(db(), productIds);
    return { reports, checked: reports.length };
  }
  return checkLedgerPage(db(), { ...(after ? { after } : {}), pageSize });
}
