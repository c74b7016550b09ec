// A catalog of 10,000 products in a real Chromium: the storefront and the console read one page
// of products at a time, page on, and find a product by the start of its name, including ones
// created straight in Firestore (as the Firebase console does). Counts, not seconds (the
// seconds are the bench's).
import { expect, test } from "@playwright/test";
import { goTo, newAccount, shopDb, signIn, uniqueId, withBackgroundTriggersOff } from "./shop";

const PRODUCTS = 10_000;
const STOREFRONT_PAGE = 48;

test("a catalog of 10,000: one page at a time in the storefront and the console, and search by name", async ({ page }) => {
  const tag = uniqueId("bulk");
  // Written straight into Firestore, as a product typed into the Firebase console is; named to
  // sort after every other test's products, so their first pages stay as they were.
  await withBackgroundTriggersOff(async () => {
    for (let start = 0; start < PRODUCTS; start += 500) {
      const batch = shopDb().batch();
      for (let i = start; i < start + 500; i++) {
        const n = String(i).padStart(5, "0");
        batch.set(shopDb().collection("products").doc(`${tag}-${n}`), { name: `Zz ${tag} ${n}`, price: 100, currency: "EUR", quantity: 5, status: "in_stock" });
      }
      await batch.commit();
    }
  });
  const cards = page.locator(`li.product[data-product-id^="${tag}-"]`);
  const search = page.getByRole("searchbox", { name: "Search products" });

  await page.goto("/");
  // The first page of the whole catalog: one page of cards, more to come.
  await expect(page.locator("li.product")).toHaveCount(STOREFRONT_PAGE);
  await expect(page.getByRole("button", { name: "Next page" })).toBeEnabled();
  // 100 products start with "Zz <tag> 001" (00100 to 00199): three pages.
  await search.fill(`Zz ${tag} 001`);
  await expect(cards).toHaveCount(STOREFRONT_PAGE);
  await expect(page.locator("li.product")).toHaveCount(STOREFRONT_PAGE);
  await expect(cards.first()).toHaveAttribute("data-product-id", `${tag}-00100`);
  for (const [pageNumber, count] of [[2, STOREFRONT_PAGE], [3, 100 - 2 * STOREFRONT_PAGE]] as const) {
    await page.getByRole("button", { name: "Next page" }).click();
    await expect(page.getByTestId("catalog-page")).toHaveText(`Page ${pageNumber}`);
    await expect(cards).toHaveCount(count);
  }
  await expect(page.getByRole("button", { name: "Next page" })).toBeDisabled();
  await expect(cards.first()).toHaveAttribute("data-product-id", `${tag}-00196`);

  // Typed in lower case, the name's capital letter still matches; the search starts at page 1.
  await search.fill(`zz ${tag} 0999`);
  await expect(page.getByTestId("catalog-page")).toHaveText("Page 1");
  await expect(cards).toHaveCount(10);
  await expect(cards.first()).toHaveAttribute("data-product-id", `${tag}-09990`);

  // The console's stock table: one page of rows, and the same search.
  const admin = await newAccount({ admin: true });
  await signIn(page, admin);
  await goTo(page, "Admin");
  await page.getByRole("searchbox", { name: "Find products" }).fill(`Zz ${tag} 0014`);
  await expect(page.locator(`tr[data-product-id^="${tag}-"]`)).toHaveCount(10);
  await expect(page.getByTestId(`admin-stock-${tag}-00149`)).toHaveText("5");
});
