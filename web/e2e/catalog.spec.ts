// A catalog of hundreds of products in a real Chromium: the storefront and the console read one
// page of products at a time, page on, and find a product by the start of its name, including
// one created straight in Firestore (as the Firebase console does). Counts, not seconds.
import { expect, test } from "@playwright/test";
import { goTo, newAccount, shopDb, signIn, uniqueId } from "./shop";

const PRODUCTS = 150;
const STOREFRONT_PAGE = 48;

test("a catalog of hundreds: one page at a time in the storefront and the console, and search by name", async ({ page }) => {
  const tag = uniqueId("bulk");
  // Written straight into Firestore, as a product typed into the Firebase console is; named to
  // sort after every other test's products, so their first pages stay as they were.
  const batch = shopDb().batch();
  for (let i = 0; i < PRODUCTS; i++) {
    const n = String(i).padStart(3, "0");
    batch.set(shopDb().collection("products").doc(`${tag}-${n}`), { name: `Zz ${tag} ${n}`, price: 100, currency: "EUR", quantity: 5, status: "in_stock" });
  }
  await batch.commit();
  const cards = page.locator(`li.product[data-product-id^="${tag}-"]`);
  const search = page.getByRole("searchbox", { name: "Search products" });

  await page.goto("/");
  await search.fill(`Zz ${tag}`);
  await expect(cards).toHaveCount(STOREFRONT_PAGE);
  await expect(page.locator("li.product")).toHaveCount(STOREFRONT_PAGE);
  for (const [pageNumber, count] of [[2, STOREFRONT_PAGE], [3, STOREFRONT_PAGE], [4, PRODUCTS - 3 * STOREFRONT_PAGE]] as const) {
    await page.getByRole("button", { name: "Next page" }).click();
    await expect(page.getByTestId("catalog-page")).toHaveText(`Page ${pageNumber}`);
    await expect(cards).toHaveCount(count);
  }
  await expect(page.getByRole("button", { name: "Next page" })).toBeDisabled();
  await expect(cards.first()).toHaveAttribute("data-product-id", `${tag}-144`);

  // Typed in lower case, the name's capital letter still matches; the search starts at page 1.
  await search.fill(`zz ${tag} 01`);
  await expect(page.getByTestId("catalog-page")).toHaveText("Page 1");
  await expect(cards).toHaveCount(10);
  await expect(cards.first()).toHaveAttribute("data-product-id", `${tag}-010`);

  // The console's stock table: one page of rows, and the same search.
  const admin = await newAccount({ admin: true });
  await signIn(page, admin);
  await goTo(page, "Admin");
  await page.getByRole("searchbox", { name: "Find products" }).fill(`Zz ${tag} 14`);
  await expect(page.locator(`tr[data-product-id^="${tag}-"]`)).toHaveCount(10);
  await expect(page.getByTestId(`admin-stock-${tag}-149`)).toHaveText("5");
});
