// Firestore trigger: a product written outside this backend becomes a product.changed_outside event.
import { onDocumentWritten } from "firebase-functions/v2/firestore";
import { region } from "../config";
import { recordOutsideChange } from "../inventory/outsideChanges";

export const watchProductEdits = onDocumentWritten({ document: "products/{productId}", region, retry: true, timeoutSeconds: 60, memory: "256MiB" }, async (event) => {
  await recordOutsideChange(event.params.productId, event.id, event.data?.before.data(), event.data?.after.data());
});
