// What the browser tests share: accounts made with the Admin SDK, signing in through the
// page, the local mailbox, and products seeded straight into the emulator.
import { randomUUID } from "node:crypto";
import { expect, type Page } from "@playwright/test";
import { getAuth } from "firebase-admin/auth";
import { MAILBOX_WEB_PORT } from "../../scripts/localStack";
import { shopApp } from "../../tools/testkit/emulator";

export { countOrders, productState, seedProduct, shopDb, uniqueId, withBackgroundTriggersOff } from "../../tools/testkit/emulator";

export interface Account {
  uid: string;
  email: string;
  password: string;
}

// A buyer, an admin, or a warehouse account (`fulfilment`).
export async function newAccount({ admin = false, fulfilment = false } = {}): Promise<Account> {
  const email = `${admin ? "admin" : fulfilment ? "packer" : "buyer"}-${randomUUID()}@e2e.test`;
  const password = "correct-horse-battery";
  const user = await getAuth(shopApp()).createUser({ email, password, emailVerified: true });
  if (admin || fulfilment) await getAuth(shopApp()).setCustomUserClaims(user.uid, admin ? { admin: true } : { fulfilment: true });
  return { uid: user.uid, email, password };
}

// Signs in with the form on `path` (a page that asks for it) and waits until the header shows the account.
export async function signIn(page: Page, account: Account, path = "/#/orders"): Promise<void> {
  await page.goto(path);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator(".who")).toHaveText(account.email);
}

// Follows a link of the main navigation, as a person would.
export async function goTo(page: Page, label: "Shop" | "My orders" | "Admin"): Promise<void> {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: label }).click();
}

export function productCard(page: Page, productId: string) {
  return page.locator(`li.product[data-product-id="${productId}"]`);
}

export async function addToCart(page: Page, productId: string, name: string, quantity: number): Promise<void> {
  const card = productCard(page, productId);
  await card.getByLabel(`Quantity of ${name}`).fill(String(quantity));
  await card.getByRole("button", { name: `Add to cart: ${name}` }).click();
  await expect(page.getByLabel(`Quantity of ${name} in cart`)).toHaveValue(String(quantity));
}

interface MailboxEmail {
  subject: string;
  text?: string;
  to: { address: string }[];
}

// Waits for the local mailbox (maildev) to hold an email to `address` whose subject matches.
export async function waitForEmail(address: string, subject: RegExp, timeoutMs = 60_000): Promise<MailboxEmail> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const emails = (await (await fetch(`http://127.0.0.1:${MAILBOX_WEB_PORT}/api/email`)).json()) as MailboxEmail[];
    const found = emails.find((email) => email.to.some((to) => to.address === address) && subject.test(email.subject));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`no email to ${address} matching ${subject} within ${timeoutMs} ms`);
}
