// The ledger check over a catalog of 10,000 products, as an admin app runs it: the callable
// checks a page of the catalog per call, in id order, and says where the next page starts, so
// no call reads the whole catalog and every product is checked exactly once.
import { expect } from "chai";
import { callable, closeClients, newAdmin, type Buyer } from "../../../tools/testkit/buyers";
import { shopDb, uniqueId, withBackgroundTriggersOff } from "../../../tools/testkit/emulator";
import type { LedgerPage } from "../../src/stock/stockReports";

const PRODUCTS = 10_000;

describe("the ledger check over a large catalog", function () {
  this.timeout(900_000);
  let admin: Buyer;

  before(async function () {
    admin = await newAdmin();
  });

  after(async function () {
    await closeClients([admin.app]);
  });

  it("pages through 10,000 products: each checked once, a page per call, the one changed outside the backend reported", async function () {
    const tag = uniqueId("catalog");
    const idOf = (n: number) => `${tag}-${String(n).padStart(5, "0")}`;
    // Written straight into Firestore (a bulk import): no stock, so no history to add up.
    await withBackgroundTriggersOff(async () => {
      for (let start = 0; start < PRODUCTS; start += 500) {
        const batch = shopDb().batch();
        for (let n = start; n < Math.min(PRODUCTS, start + 500); n++) {
          batch.set(shopDb().collection("products").doc(idOf(n)), { name: `Catalog ${idOf(n)}`, price: 100, currency: "EUR", quantity: 0, status: "out_of_stock" });
        }
        await batch.commit();
      }
    });
    // One product with a history, then its stock typed over in the console.
    const tampered = idOf(5_000);
    await callable(admin.app, "restockProduct")({ productId: tampered, add: 4 });
    await shopDb().collection("products").doc(tampered).update({ quantity: 9 });

    const check = callable<LedgerPage>(admin.app, "checkLedger");
    const seen = new Map<string, number>();
    const problems = new Map<string, string[]>();
    let calls = 0;
    let after: string | undefined;
    do {
      const { data: page } = await check({ pageSize: 1000, ...(after ? { after } : {}) });
      calls += 1;
      expect(page.reports.length).to.equal(page.checked).and.at.most(1000);
      for (const report of page.reports) {
        if (!report.productId.startsWith(`${tag}-`)) continue;
        seen.set(report.productId, (seen.get(report.productId) ?? 0) + 1);
        if (!report.ok) problems.set(report.productId, report.problems);
      }
      after = page.next;
    } while (after);

    expect(seen.size).to.equal(PRODUCTS);
    expect([...seen.values()].every((times) => times === 1)).to.equal(true);
    expect(calls).to.be.at.least(PRODUCTS / 1000);
    expect([...problems.keys()]).to.deep.equal([tampered]);
    expect(problems.get(tampered)?.join("; ")).to.contain("history ends at 4, the product says 9");
  });

  it("refuses to name products and page at once", async function () {
    const refused = await callable(admin.app, "checkLedger")({ productIds: ["a"], after: "a" }).then(
      () => undefined,
      (error: { code?: string }) => error.code,
    );
    expect(refused).to.equal("functions/invalid-argument");
  });
});
