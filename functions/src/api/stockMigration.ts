// Scheduled: counts orders placed before committed stock existed into their products' on hand
// and committed (orders/migrateCommittedStock.ts); once a pass is complete it only reads its
// progress document.
import { onSchedule } from "firebase-functions/v2/scheduler";
import { region } from "../config";
import { sweepCommittedStockMigration } from "../orders/migrateCommittedStock";

export const stockMigration = onSchedule({ schedule: "every 30 minutes", region, timeoutSeconds: 540 }, async () => {
  await sweepCommittedStockMigration();
});
