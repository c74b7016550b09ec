// One Admin SDK app per process, created on first use so that importing a module
// (in tests, or during deploy's code analysis) has no side effects.
import { getApps, initializeApp, type App } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";

export function adminApp(): App {
  // Look for the default app by name: the Functions emulator registers apps of its own.
  return getApps().find((candidate) => candidate.name === "[DEFAULT]") ?? initializeApp();
}

export function db(): Firestore {
  return getFirestore(adminApp());
}
