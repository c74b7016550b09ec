// Buyers as a shop's web app sees them: the real `firebase` client SDK, signed in against
// the Auth emulator, calling placeOrder with httpsCallable.
import { randomUUID } from "node:crypto";
import { deleteApp, initializeApp, type FirebaseApp } from "firebase/app";
import { connectAuthEmulator, createUserWithEmailAndPassword, getAuth, signInAnonymously } from "firebase/auth";
import { connectFunctionsEmulator, getFunctions, httpsCallable, type HttpsCallable } from "firebase/functions";
import { getAuth as getAdminAuth } from "firebase-admin/auth";
import type { PlaceOrderResult } from "../../functions/src/model/orderDocument";
import { AUTH_HOST, FUNCTIONS_HOST, FUNCTIONS_PORT, PROJECT_ID, REGION, shopApp } from "./emulator";

export interface OrderLineInput {
  productId: string;
  quantity: number;
}

// What placeOrder answers: the functions' own type.
export type PlaceOrderResponse = PlaceOrderResult;

export interface Buyer {
  uid: string;
  email: string | null;
  app: FirebaseApp;
  placeOrder: HttpsCallable<unknown, PlaceOrderResponse>;
}

let appCounter = 0;

function clientApp(): FirebaseApp {
  appCounter += 1;
  return initializeApp({ projectId: PROJECT_ID, apiKey: "demo-api-key", authDomain: `${PROJECT_ID}.firebaseapp.com` }, `buyer-${appCounter}`);
}

export function callable<Res = PlaceOrderResponse>(app: FirebaseApp, name = "placeOrder"): HttpsCallable<unknown, Res> {
  const functions = getFunctions(app, REGION);
  connectFunctionsEmulator(functions, FUNCTIONS_HOST, FUNCTIONS_PORT);
  return httpsCallable<unknown, Res>(functions, name, { timeout: 120_000 });
}

export async function newBuyer(options: { anonymous?: boolean } = {}): Promise<Buyer> {
  const app = clientApp();
  const auth = getAuth(app);
  connectAuthEmulator(auth, `http://${AUTH_HOST}`, { disableWarnings: true });
  const credential = options.anonymous
    ? await signInAnonymously(auth)
    : await createUserWithEmailAndPassword(auth, `${randomUUID()}@buyers.test`, "correct-horse-battery");
  return { uid: credential.user.uid, email: credential.user.email, app, placeOrder: callable(app) };
}

// A shop admin: a signed-in user with the `admin: true` custom claim in a fresh token.
export async function newAdmin(): Promise<Buyer> {
  return newStaff({ admin: true });
}

// A signed-in user with these custom claims in a fresh token (a warehouse account: `fulfilment: true`).
export async function newStaff(claims: Record<string, boolean>): Promise<Buyer> {
  const staff = await newBuyer();
  await getAdminAuth(shopApp()).setCustomUserClaims(staff.uid, claims);
  await getAuth(staff.app).currentUser?.getIdToken(true);
  return staff;
}

// A visitor who never signed in.
export function signedOutClient(): { app: FirebaseApp; placeOrder: HttpsCallable<unknown, PlaceOrderResponse> } {
  const app = clientApp();
  return { app, placeOrder: callable(app) };
}

export async function closeClients(apps: FirebaseApp[]): Promise<void> {
  await Promise.all(apps.map((app) => deleteApp(app)));
}

export function newRequestId(): string {
  return randomUUID();
}

export interface CallOutcome<T> {
  ok: boolean;
  value?: T;
  code?: string;
  message?: string;
  details?: Record<string, unknown>;
}

// Resolves with the error instead of throwing, so tests can assert on codes and details.
export async function attempt<T>(promise: Promise<{ data: T }>): Promise<CallOutcome<T>> {
  try {
    return { ok: true, value: (await promise).data };
  } catch (error) {
    const err = error as { code?: string; message?: string; details?: Record<string, unknown> };
    return { ok: false, code: err.code, message: err.message, details: err.details };
  }
}
