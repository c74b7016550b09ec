// Accessible basics, checked by axe-core on the main pages, plus keyboard use and a phone
// viewport. With UPDATE_SCREENSHOTS=1 the pages checked here are saved to docs/ (the README's
// screenshots come from this run).
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { join } from "node:path";
import { ROOT } from "../../scripts/localStack";
import { addToCart, goTo, newAccount, productCard, seedProduct, signIn, uniqueId } from "./shop";

async function expectNoSeriousViolations(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`), `axe on ${name}`).toEqual([]);
  if (process.env.UPDATE_SCREENSHOTS === "1") await page.screenshot({ path: join(ROOT, "docs", `${name}.png`), fullPage: true });
}

test("the storefront, my orders and the admin console have no serious accessibility violations", async ({ page }) => {
  const product = uniqueId("teapot");
  await seedProduct(product, { name: "Cast-iron teapot", quantity: 4, price: 4500 });
  await seedProduct(uniqueId("cups"), { name: "Espresso cups (set of 2)", quantity: 0, price: 1800 });
  await seedProduct(uniqueId("grinder"), { name: "Burr grinder", quantity: 12, price: 12900 });
  await seedProduct(uniqueId("kettle"), { name: "Pour-over kettle", quantity: 30, price: 5400 });
  const admin = await newAccount({ admin: true });
  await signIn(page, admin, "/#/admin");
  await expect(page.getByRole("heading", { name: "Stock", exact: true })).toBeVisible();
  await expect(page.getByTestId(`admin-stock-${product}`)).toHaveText("4");

  await goTo(page, "Shop");
  await addToCart(page, product, "Cast-iron teapot", 1);
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByRole("heading", { name: "Order confirmed" })).toBeVisible();
  await expectNoSeriousViolations(page, "storefront");

  await goTo(page, "My orders");
  await expect(page.getByTestId("email-status").first()).toHaveText("sent");
  await expectNoSeriousViolations(page, "my-orders");

  await goTo(page, "Admin");
  await page.getByRole("button", { name: "Check the ledger" }).click();
  await expect(page.getByRole("status").filter({ hasText: /products add up/ })).toBeVisible();
  await expectNoSeriousViolations(page, "admin-console");
});

test("a buyer can shop with the keyboard alone, and focus is visible", async ({ page }) => {
  const product = uniqueId("scale");
  await seedProduct(product, { name: `Scale ${product}`, quantity: 5 });
  await signIn(page, await newAccount());
  await goTo(page, "Shop");

  const quantity = productCard(page, product).getByLabel(`Quantity of Scale ${product}`);
  await quantity.focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("2");
  await page.keyboard.press("Tab");
  const addButton = productCard(page, product).getByRole("button", { name: `Add to cart: Scale ${product}` });
  await expect(addButton).toBeFocused();
  const outline = await addButton.evaluate((element) => getComputedStyle(element).outlineStyle);
  expect(outline).not.toBe("none");
  await page.keyboard.press("Enter");
  await expect(page.getByLabel(`Quantity of Scale ${product} in cart`)).toHaveValue("2");

  const placeOrder = page.getByRole("button", { name: "Place order" });
  await placeOrder.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Order confirmed" })).toBeVisible();
});

test.describe("on a phone-sized screen", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("the storefront fits the screen and the cart is reachable", async ({ page }) => {
    const product = uniqueId("filter");
    await seedProduct(product, { name: "Paper filters (100)", quantity: 9, price: 650 });
    await signIn(page, await newAccount());
    await goTo(page, "Shop");
    await addToCart(page, product, "Paper filters (100)", 3);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const placeOrder = page.getByRole("button", { name: "Place order" });
    await placeOrder.scrollIntoViewIfNeeded();
    await expect(placeOrder).toBeInViewport();
    await expectNoSeriousViolations(page, "storefront-phone");
  });
});
