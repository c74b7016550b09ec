// Shipping, as the people who do it: a warehouse account marks an order shipped from the pick
// list with a carrier and tracking number; the buyer's "My orders" shows it shipped with the
// tracking number and the shipment email arrives. And a stock-take that shows what is
// committed and held before anyone counts.
import { expect, test } from "@playwright/test";
import { addToCart, goTo, newAccount, seedProduct, shopDb, signIn, uniqueId, waitForEmail } from "./shop";

test("a warehouse account ships an order from the pick list; the buyer sees it shipped with tracking and gets the shipment email", async ({ browser }) => {
  const kettle = uniqueId("kettle");
  await seedProduct(kettle, { name: `Kettle ${kettle}`, quantity: 4, price: 3900 });
  const [buyer, packer] = await Promise.all([newAccount(), newAccount({ fulfilment: true })]);

  const buyerPage = await (await browser.newContext()).newPage();
  await signIn(buyerPage, buyer);
  await goTo(buyerPage, "Shop");
  await addToCart(buyerPage, kettle, `Kettle ${kettle}`, 2);
  await buyerPage.getByRole("button", { name: "Place order" }).click();
  await expect(buyerPage.getByRole("heading", { name: "Order confirmed" })).toBeVisible();
  const orderId = (await buyerPage.getByTestId("order-id").textContent()) ?? "";
  const reference = (await buyerPage.getByTestId("order-reference").textContent()) ?? "";
  expect(await shopDb().collection("products").doc(kettle).get().then((p) => p.data())).toMatchObject({ quantity: 2, onHand: 4, committed: 2 });

  const packerPage = await (await browser.newContext()).newPage();
  await signIn(packerPage, packer, "/#/admin");
  await expect(packerPage.getByRole("heading", { name: "Warehouse" })).toBeVisible();
  const row = packerPage.locator(`tr[data-pick-order="${orderId}"]`);
  await expect(row).toContainText(`2 x Kettle ${kettle}`);
  await row.getByLabel(`Carrier for order ${reference}`).fill("DHL");
  await row.getByLabel(`Tracking number for order ${reference}`).fill("JD014600001234");
  await row.getByRole("button", { name: "Mark shipped" }).click();
  await expect(packerPage.getByRole("region", { name: "To ship" }).getByRole("status")).toContainText(`Shipped 2 x Kettle ${kettle} of ${reference}`);
  // Shipped in full: off the pick list.
  await expect(row).toHaveCount(0);

  await goTo(buyerPage, "My orders");
  const card = buyerPage.getByRole("listitem", { name: `Order ${orderId}` });
  await expect(card.getByTestId("order-status")).toHaveText("shipped");
  await expect(card.getByTestId("tracking-number")).toHaveText("JD014600001234");
  await expect(card.getByTestId("shipment")).toContainText("by DHL");
  // Shipped orders can't be cancelled by the buyer.
  await expect(card.getByRole("button", { name: "Cancel order" })).toHaveCount(0);

  const email = await waitForEmail(buyer.email, new RegExp(`order ${reference} has shipped`));
  expect(email.text).toContain(`2 x Kettle ${kettle}`);
  expect(email.text).toContain("Tracking number: JD014600001234");
  expect(await shopDb().collection("products").doc(kettle).get().then((p) => p.data())).toMatchObject({ quantity: 2, onHand: 2, committed: 0 });

  // One kettle comes back unused: the warehouse finds the order by the reference the buyer quotes.
  await packerPage.getByLabel("Order reference or id").fill(reference);
  await packerPage.getByRole("button", { name: "Find order" }).click();
  const returns = packerPage.getByRole("region", { name: "Returns" });
  await expect(returns.getByRole("status")).toContainText("2 unit(s) can come back");
  await packerPage.getByLabel(`Units of Kettle ${kettle} returned`).fill("1");
  await packerPage.getByRole("button", { name: "Record return" }).click();
  await expect(returns.getByRole("status")).toContainText(`Returned 1 x Kettle ${kettle}: back in stock`);
  expect(await shopDb().collection("products").doc(kettle).get().then((p) => p.data())).toMatchObject({ quantity: 3, onHand: 3, committed: 0 });
});

test("an admin adds a location, restocks it and moves units between locations from the stock table", async ({ page }) => {
  const jar = uniqueId("jar");
  await seedProduct(jar, { name: `Jar ${jar}`, quantity: 5 });
  const north = uniqueId("north");
  const admin = await newAccount({ admin: true });
  await signIn(page, admin, "/#/admin");
  await page.getByLabel("New location id").fill(north);
  await page.getByLabel("New location name").fill(`North ${north}`);
  await page.getByRole("button", { name: "Add location" }).click();
  await expect(page.locator(`tr[data-location-id="${north}"]`)).toContainText("active");

  await page.getByRole("searchbox", { name: "Find products" }).fill(`Jar ${jar}`);
  await page.getByLabel("Stock at location").selectOption(north);
  const row = page.locator(`tr[data-product-id="${jar}"]`);
  await expect(page.getByTestId(`admin-onhand-${jar}`)).toHaveText("0");
  await row.getByLabel(`Units to add to Jar ${jar} at North ${north}`).fill("4");
  await row.getByRole("button", { name: "Restock" }).click();
  await expect(page.getByTestId(`admin-onhand-${jar}`)).toHaveText("4");
  await expect(page.getByTestId(`admin-stock-${jar}`)).toHaveText("9");

  await row.getByLabel(`Transfer Jar ${jar} to`).selectOption("default");
  await row.getByLabel(`Units of Jar ${jar} to transfer`).fill("1");
  await row.getByRole("button", { name: "Transfer" }).click();
  await expect(page.getByRole("region", { name: "Stock", exact: true }).getByRole("status")).toContainText(`Jar ${jar}: moved 1 from North ${north} to Default`);
  await expect(page.getByTestId(`admin-onhand-${jar}`)).toHaveText("3");
  await page.getByLabel("Stock at location").selectOption("default");
  await expect(page.getByTestId(`admin-onhand-${jar}`)).toHaveText("6");
  // Deactivating a location with stock is refused with what to do instead.
  await page.locator(`tr[data-location-id="${north}"]`).getByRole("button", { name: "Deactivate" }).click();
  await expect(page.getByRole("region", { name: "Locations" }).getByRole("alert")).toContainText("Ship or transfer them first");
});

test("a stock-take shows what is committed and held before counting, and a count below them needs saying so", async ({ page }) => {
  const tin = uniqueId("tin");
  await seedProduct(tin, { name: `Tin ${tin}`, quantity: 5 });
  // 3 units of unshipped orders and 2 on hold, still on the shelf of 10.
  await shopDb().collection("products").doc(tin).update({ onHand: 10, committed: 3, held: 2 });
  const admin = await newAccount({ admin: true });
  await signIn(page, admin, "/#/admin");
  await page.getByRole("searchbox", { name: "Find products" }).fill(`Tin ${tin}`);
  await expect(page.getByTestId(`admin-onhand-${tin}`)).toHaveText("10");
  await expect(page.getByTestId(`admin-committed-${tin}`)).toHaveText("3");
  await expect(page.getByTestId(`admin-held-${tin}`)).toHaveText("2");
  await expect(page.getByTestId(`admin-stock-${tin}`)).toHaveText("5");

  const row = page.locator(`tr[data-product-id="${tin}"]`);
  await row.getByLabel(`Units of Tin ${tin} counted on the shelf, 5 committed or on hold included`).fill("4");
  await row.getByRole("button", { name: "Record count" }).click();
  await expect(page.getByRole("alert")).toContainText("3 for orders not shipped yet, 2 on checkout holds");
  await expect(page.getByTestId(`admin-onhand-${tin}`)).toHaveText("10");

  await row.getByLabel(`Units of Tin ${tin} counted on the shelf, 5 committed or on hold included`).fill("9");
  await row.getByRole("button", { name: "Record count" }).click();
  await expect(page.getByRole("status")).toContainText(`Tin ${tin}: counted 9 (3 committed, 2 on hold): 4 available, was 5.`);
  await expect(page.getByTestId(`admin-onhand-${tin}`)).toHaveText("9");

  await row.getByLabel(`Units of Tin ${tin} counted on the shelf, 5 committed or on hold included`).fill("4");
  await row.getByText("fewer than 5 really there").click();
  await row.getByRole("button", { name: "Record count" }).click();
  await expect(page.getByTestId(`admin-stock-${tin}`)).toHaveText("0");
  await expect(page.getByTestId(`admin-onhand-${tin}`)).toHaveText("4");
});
