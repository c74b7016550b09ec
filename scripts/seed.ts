// Seeds the running emulators with the demo catalog (through the backend's own ledgered
// upsertProduct, so the stock ledger adds up from the start), a demo buyer and a demo admin.
// Usage: tsx scripts/seed.ts   (against the ports in firebase.json)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getAuth } from "firebase-admin/auth";
import { adminApp } from "../functions/src/firestore/db";
import { importCatalog } from "../tools/admin/catalog";
import { AUTH, FIRESTORE, hostPort, PROJECT_ID, ROOT } from "./localStack";

export const DEMO_BUYER = { email: "buyer@demo-shop.test", password: "demo-password" };
// Carries the `admin: true` custom claim: the admin console and the admin callables.
export const DEMO_ADMIN = { email: "admin@demo-shop.test", password: "demo-password" };

interface CatalogEntry {
  id: string;
  name: string;
  price: number;
  currency: string;
  quantity: number;
  maxPerCustomer?: number;
}

export async function seed(): Promise<{ products: number; buyer: typeof DEMO_BUYER; admin: typeof DEMO_ADMIN }> {
  process.env.FIRESTORE_EMULATOR_HOST ??= hostPort(FIRESTORE);
  process.env.FIREBASE_AUTH_EMULATOR_HOST ??= hostPort(AUTH);
  // The backend's default Admin SDK app reads the project from here (and skips the metadata server).
  process.env.GCLOUD_PROJECT ??= PROJECT_ID;
  process.env.GOOGLE_CLOUD_PROJECT ??= PROJECT_ID;
  // Set before the backend's first database call: it creates its Admin SDK app on first use.

  const catalog = JSON.parse(readFileSync(join(ROOT, "scripts", "demo-catalog.json"), "utf8")) as CatalogEntry[];
  // On a stack that already has the catalog, products keep their stock.
  await importCatalog(catalog.map(({ id, ...product }) => ({ productId: id, ...product })), "demo-seed", { setStock: false });
  const auth = getAuth(adminApp());
  await auth.getUserByEmail(DEMO_BUYER.email).catch(() => auth.createUser({ ...DEMO_BUYER, emailVerified: true }));
  const admin = await auth.getUserByEmail(DEMO_ADMIN.email).catch(() => auth.createUser({ ...DEMO_ADMIN, emailVerified: true }));
  await auth.setCustomUserClaims(admin.uid, { admin: true });
  return { products: catalog.length, buyer: DEMO_BUYER, admin: DEMO_ADMIN };
}

if (require.main === module) {
  seed()
    .then(({ products }) => {
      console.log(`Seeded ${products} products, the demo buyer ${DEMO_BUYER.email} and the demo admin ${DEMO_ADMIN.email}.`);
      process.exit(0);
    })
    .catch((error: unknown) => {
      console.error(`Seeding failed: ${(error as Error).message}`);
      process.exit(1);
    });
}
