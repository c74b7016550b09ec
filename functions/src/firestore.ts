// One Admin SDK app per process, created on first use so that importing a module
// (in tests, or during deploy's code analysis) has no side effects.
import { getApps, initializeApp } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";

export function db(): Firestore {
  // Look for the default app by name: the Functions emulator registers apps of its own.
  const app = getApps().find((candidate) => candidate.name === "[DEFAULT]") ?? initializeApp();
  return getFirestore(app);
}

export const PRODUCTS = "products";
export const ORDERS = "orders";
