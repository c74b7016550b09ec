// The ledger check for admins: re-derives each product's stock from its movements.
import { db } from "../firestore/db";
import { checkLedger, type LedgerReport } from "../stock/ledgerCheck";

export type { LedgerReport };

export function checkStockLedger(productIds?: string[]): Promise<LedgerReport[]> {
  return checkLedger(db(), productIds);
}
