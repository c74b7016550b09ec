// Admins manage locations (locations/{id}: name, priority, active). Deactivating a location
// reads, in the same transaction, whether any product still has units there (on hand,
// committed or held), so no stock is ever stranded at a location that takes none; every
// change of stock to a location reads the location in its own transaction and serializes
// with this.
import { FieldPath, FieldValue } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { db } from "../firestore/db";
import { locationRef, locationsCollection, PRODUCTS } from "../firestore/paths";
import { inTransaction } from "../firestore/transaction";
import { Refused } from "../model/refusals";
import type { LocationDocument, LocationView } from "../model/location";
import type { UpsertLocationRequest } from "./inventorySchemas";

export type { LocationView };

export async function upsertLocation(request: UpsertLocationRequest, by: string): Promise<LocationView> {
  const { locationId, name, priority, active } = request;
  const result = await inTransaction(async (tx): Promise<LocationView> => {
    const snapshot = await tx.get(locationRef(locationId));
    const existing = snapshot.data() as LocationDocument | undefined;
    if (active === false && existing?.active !== false) {
      for (const bucket of ["onHand", "committed", "held"]) {
        const found = await tx.get(db().collection(PRODUCTS).where(new FieldPath("locations", locationId, bucket), ">", 0).limit(1));
        const product = found.docs[0];
        if (product) throw new Refused({ reason: "location-has-stock", locationId, productId: product.id });
      }
    }
    // A new location goes after the others unless given a priority.
    const last = existing || priority !== undefined ? undefined : (await tx.get(locationsCollection().orderBy("priority", "desc").limit(1))).docs[0];
    const location: LocationDocument = { name, priority: priority ?? existing?.priority ?? Number(last?.get("priority") ?? 0) + 1, active: active ?? existing?.active ?? true };
    tx.set(locationRef(locationId), { ...location, updatedAt: FieldValue.serverTimestamp(), updatedBy: by, ...(existing ? {} : { createdAt: FieldValue.serverTimestamp() }) }, { merge: true });
    return { locationId, ...location, created: !existing };
  }, { gaveUp: () => new Refused({ reason: "contention", during: "stock-change" }) });
  logger.info(result.created ? "Location created" : "Location updated", { ...result, by });
  return result;
}
