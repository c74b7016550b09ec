#!/usr/bin/env node
// Seeds the running emulators with the demo catalog and a demo buyer.
// Usage: node scripts/seed.mjs   (FIRESTORE_EMULATOR_HOST / FIREBASE_AUTH_EMULATOR_HOST default to firebase.json's ports)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { initializeApp } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";
import { getFirestore } from "firebase-admin/firestore";
import { PROJECT_ID, ROOT } from "./emulators.mjs";

export const DEMO_BUYER = { email: "buyer@demo-shop.test", password: "demo-password" };

export async function seed() {
  process.env.FIRESTORE_EMULATOR_HOST ??= "127.0.0.1:8080";
  process.env.FIREBASE_AUTH_EMULATOR_HOST ??= "127.0.0.1:9099";
  process.env.GOOGLE_CLOUD_PROJECT ??= PROJECT_ID; // spares the Admin SDK a metadata-server lookup
  const app = initializeApp({ projectId: PROJECT_ID }, `seed-${Date.now()}`);
  const db = getFirestore(app);
  const catalog = JSON.parse(readFileSync(join(ROOT, "scripts", "demo-catalog.json"), "utf8"));
  const batch = db.batch();
  for (const { id, ...product } of catalog) {
    batch.set(db.collection("products").doc(id), { ...product, status: product.quantity > 0 ? "in_stock" : "out_of_stock" });
  }
  await batch.commit();
  const auth = getAuth(app);
  await auth.getUserByEmail(DEMO_BUYER.email).catch(() => auth.createUser({ ...DEMO_BUYER, emailVerified: true }));
  return { products: catalog.length, buyer: DEMO_BUYER };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  seed()
    .then(({ products }) => {
      console.log(`Seeded ${products} products and the demo buyer ${DEMO_BUYER.email}.`);
      process.exit(0);
    })
    .catch((error) => {
      console.error(`Seeding failed: ${error.message}`);
      process.exit(1);
    });
}
