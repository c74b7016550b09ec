// Access to the emulators the test command started (firebase emulators:exec sets the hosts).
import { deleteApp, initializeApp as initializeAdminApp, type App } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";
import { AUTH, FIRESTORE, FUNCTIONS, HUB, hostPort, PROJECT_ID, REGION, SMTP_PORT } from "../../scripts/localStack";

export { PROJECT_ID, REGION, SMTP_PORT };
export const FIRESTORE_HOST = process.env.FIRESTORE_EMULATOR_HOST ?? hostPort(FIRESTORE);
export const AUTH_HOST = process.env.FIREBASE_AUTH_EMULATOR_HOST ?? hostPort(AUTH);
export const FUNCTIONS_HOST = FUNCTIONS.host;
export const FUNCTIONS_PORT = FUNCTIONS.port;
// Tests that run functions in-process (firebase-functions-test) use a project of their own,
// so the Functions emulator's triggers, which watch PROJECT_ID, never see their writes.
export const WRAPPED_PROJECT_ID = `${PROJECT_ID}-wrapped`;

let adminApp: App | undefined;

// The shop's own view of the database (the Admin SDK, as in the console). A named app, so
// the functions under test keep the default app to themselves.
export function shopApp(): App {
  adminApp ??= initializeAdminApp({ projectId: PROJECT_ID }, "shop-admin");
  return adminApp;
}

export function shopDb(): Firestore {
  return getFirestore(shopApp());
}

export async function closeShopDb(): Promise<void> {
  if (adminApp) await deleteApp(adminApp);
  adminApp = undefined;
}

export async function clearFirestore(projectId = PROJECT_ID): Promise<void> {
  const response = await fetch(`http://${FIRESTORE_HOST}/emulator/v1/projects/${projectId}/databases/(default)/documents`, {
    method: "DELETE",
  });
  if (!response.ok) throw new Error(`clearing Firestore failed: ${response.status}`);
}

export async function clearAuth(): Promise<void> {
  const response = await fetch(`http://${AUTH_HOST}/emulator/v1/projects/${PROJECT_ID}/accounts`, { method: "DELETE" });
  if (!response.ok) throw new Error(`clearing Auth failed: ${response.status}`);
}

export interface ProductSeed {
  name?: string;
  price?: number;
  currency?: string;
  quantity: number;
}

// A product as the backend would have made it (`revision` set: not a change from outside, so no
// product.changed_outside event and no trigger write races the test).
export async function seedProduct(productId: string, seed: ProductSeed): Promise<void> {
  await shopDb()
    .collection("products")
    .doc(productId)
    .set({
      name: seed.name ?? `Product ${productId}`,
      price: seed.price ?? 1250,
      currency: seed.currency ?? "EUR",
      quantity: seed.quantity,
      status: seed.quantity > 0 ? "in_stock" : "out_of_stock",
      revision: 1,
    });
}

export async function productState(productId: string): Promise<{ quantity: number; status: string }> {
  const data = (await shopDb().collection("products").doc(productId).get()).data();
  return { quantity: data?.quantity as number, status: data?.status as string };
}

export async function countOrders(): Promise<number> {
  return (await shopDb().collection("orders").count().get()).data().count;
}

let counter = 0;
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

// Runs `work` with the Functions emulator's event triggers off: a bulk import of thousands of
// products would otherwise queue a product.changed_outside check for each (the emulator runs
// them one or two at a time), slowing every test after it. What is written meanwhile is never
// seen by a trigger.
export async function withBackgroundTriggersOff<T>(work: () => Promise<T>): Promise<T> {
  const triggers = (on: boolean) => fetch(`http://${hostPort(HUB)}/functions/${on ? "enable" : "disable"}BackgroundTriggers`, { method: "PUT" });
  await triggers(false);
  try {
    return await work();
  } finally {
    await triggers(true);
  }
}
