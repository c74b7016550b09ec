// Connects the app to Firebase the Hosting way: the project's web config comes from
// /__/firebase/init.json, which Firebase Hosting (and its emulator) serves. A demo- project
// (the local stack) talks to the emulators; any other project to production.
import { createShopClient, type ShopClient, type ShopClientOptions } from "@firebase-inventory/client";
import { initializeApp, type FirebaseApp, type FirebaseOptions } from "firebase/app";
import { connectAuthEmulator, getAuth, type Auth } from "firebase/auth";
import { connectFirestoreEmulator, getFirestore, type Firestore } from "firebase/firestore";
import { connectFunctionsEmulator, getFunctions } from "firebase/functions";

declare const __EMULATORS__: Record<"auth" | "firestore" | "functions", { host: string; port: number }>;
// The functions' REGION param, read from functions/.env* at build time (vite.config.ts).
declare const __FUNCTIONS_REGION__: string;

export interface Services {
  app: FirebaseApp;
  auth: Auth;
  db: Firestore;
  shop: ShopClient;
  projectId: string;
  emulated: boolean;
  // The Auth emulator's address on the local stack (its verification links), else none.
  authEmulatorUrl?: string;
}

async function webConfig(): Promise<FirebaseOptions> {
  const response = await fetch("/__/firebase/init.json");
  if (!response.ok) throw new Error(`Firebase config not found (/__/firebase/init.json answered ${response.status}); serve the app with Firebase Hosting.`);
  return (await response.json()) as FirebaseOptions;
}

export async function connect(onRetry: ShopClientOptions["onRetry"]): Promise<Services> {
  const config = await webConfig();
  const app = initializeApp(config);
  const auth = getAuth(app);
  const db = getFirestore(app);
  const functions = getFunctions(app, __FUNCTIONS_REGION__);
  const projectId = config.projectId ?? "";
  const emulated = projectId.startsWith("demo-");
  const { auth: a, firestore: f, functions: fn } = __EMULATORS__;
  const authEmulatorUrl = `http://${a.host}:${a.port}`;
  if (emulated) {
    connectAuthEmulator(auth, authEmulatorUrl, { disableWarnings: true });
    connectFirestoreEmulator(db, f.host, f.port);
    connectFunctionsEmulator(functions, fn.host, fn.port);
  }
  return { app, auth, db, projectId, emulated, ...(emulated ? { authEmulatorUrl } : {}), shop: createShopClient(app, { functions, onRetry }) };
}
