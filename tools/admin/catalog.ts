// A catalog imported as shop owners expect: new products are created with their stock; an
// existing product gets its new details but keeps its stock (what was sold since is not
// undone), unless the import is told to set stock, and then the file's quantity goes through
// the stock-take path (the shelf's count: units of unshipped orders and holds included) with its
// own ledger reason.
import type { UpsertProductRequest } from "../../functions/src/inventory/inventorySchemas";
import { productRef } from "../../functions/src/firestore/paths";
import { adjustStock, upsertProduct } from "../../functions/src/inventory/inventoryOperations";

export const SEED_REASON = "catalog seed (--set-stock)";

export interface Imported {
  productId: string;
  action: "created" | "updated, stock kept" | "updated, stock counted";
  quantityBefore: number;
  quantity: number;
}

export async function importCatalog(products: UpsertProductRequest[], by: string, options: { setStock: boolean }): Promise<Imported[]> {
  const results: Imported[] = [];
  for (const { quantity, ...details } of products) {
    const exists = (await productRef(details.productId).get()).exists;
    // An existing product: its details only (upsertProduct would refuse a quantity for it).
    const created = await upsertProduct({ ...details, ...(exists || quantity === undefined ? {} : { quantity }) }, by);
    if (created.created) {
      results.push({ productId: details.productId, action: "created", quantityBefore: 0, quantity: created.quantity });
    } else if (options.setStock && quantity !== undefined) {
      const counted = await adjustStock(details.productId, quantity, by, SEED_REASON);
      results.push({ productId: details.productId, action: "updated, stock counted", quantityBefore: counted.quantityBefore, quantity: counted.quantity });
    } else {
      results.push({ productId: details.productId, action: "updated, stock kept", quantityBefore: created.quantityBefore, quantity: created.quantity });
    }
  }
  return results;
}
