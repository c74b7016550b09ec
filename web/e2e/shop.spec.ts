// A buyer and an admin using the shop in a real Chromium, against the emulators.
import { expect, test } from "@playwright/test";
import { addToCart, goTo, countOrders, newAccount, productCard, productState, seedProduct, shopDb, signIn, uniqueId, waitForEmail } from "./shop";

test("a buyer orders two products, sees the order id, gets the email, and finds the order as sent", async ({ page }) => {
  const [mug, beans] = [uniqueId("mug"), uniqueId("beans")];
  await seedProduct(mug, { name: `Mug ${mug}`, quantity: 5, price: 1200 });
  await seedProduct(beans, { name: `Beans ${beans}`, quantity: 8, price: 850 });
  const buyer = await newAccount();
  await signIn(page, buyer);

  await goTo(page, "Shop");
  await addToCart(page, mug, `Mug ${mug}`, 2);
  await addToCart(page, beans, `Beans ${beans}`, 1);
  await page.getByRole("button", { name: "Place order" }).click();

  await expect(page.getByRole("heading", { name: "Order confirmed" })).toBeVisible();
  const orderId = (await page.getByTestId("order-id").textContent()) ?? "";
  expect(orderId).toMatch(/^[A-Za-z0-9_-]{16,}$/);
  await expect(productCard(page, mug).getByTestId(`stock-${mug}`)).toHaveText("3 in stock");

  const reference = (await page.getByTestId("order-reference").textContent()) ?? "";
  expect(reference).toMatch(/^[2-9A-HJKMNP-TW-Z]{8}$/);
  const email = await waitForEmail(buyer.email, new RegExp(`order ${reference} confirmed`));
  expect(email.text).toContain(`Mug ${mug}`);
  expect(email.text).toContain(orderId);

  await goTo(page, "My orders");
  const card = page.getByRole("listitem", { name: `Order ${orderId}` });
  await expect(card.getByTestId("email-status")).toHaveText("sent");
  await expect(card.getByTestId("order-status")).toHaveText("confirmed");
  const stored = await shopDb().collection("orders").doc(orderId).get();
  expect(stored.get("uid")).toBe(buyer.uid);
});

test("a buyer gives a shipping address at checkout: a half-filled one is caught first, then the order, its email and My orders show it", async ({ page }) => {
  const lamp = uniqueId("lamp");
  await seedProduct(lamp, { name: `Lamp ${lamp}`, quantity: 3, price: 4999 });
  const buyer = await newAccount();
  await signIn(page, buyer);
  await goTo(page, "Shop");
  await addToCart(page, lamp, `Lamp ${lamp}`, 1);

  await page.getByLabel("Full name", { exact: true }).fill("Alex Example");
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByRole("alert")).toContainText("Please check the shipping address: street, city, postal code, country");
  await expect(productCard(page, lamp).getByTestId(`stock-${lamp}`)).toHaveText("3 in stock");

  await page.getByLabel("Street and number", { exact: true }).fill("12 Sample Street");
  await page.getByLabel("Postal code", { exact: true }).fill("10115");
  await page.getByLabel("City", { exact: true }).fill("Berlin");
  await page.getByLabel("Country", { exact: true }).selectOption("DE");
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByRole("heading", { name: "Order confirmed" })).toBeVisible();
  const orderId = (await page.getByTestId("order-id").textContent()) ?? "";
  const reference = (await page.getByTestId("order-reference").textContent()) ?? "";
  expect((await shopDb().collection("orders").doc(orderId).get()).get("shippingAddress")).toEqual({ name: "Alex Example", lines: ["12 Sample Street"], city: "Berlin", postalCode: "10115", country: "DE" });
  const email = await waitForEmail(buyer.email, new RegExp(`order ${reference} confirmed`));
  expect(email.text).toContain("Ships to:\nAlex Example\n12 Sample Street\n10115 Berlin");

  await goTo(page, "My orders");
  await expect(page.getByRole("listitem", { name: `Order ${orderId}` }).getByTestId("ships-to")).toContainText("Alex Example, 12 Sample Street, 10115 Berlin");
});

test("stock changed by someone else shows on the open page without a reload", async ({ page }) => {
  const lamp = uniqueId("lamp");
  await seedProduct(lamp, { name: `Lamp ${lamp}`, quantity: 7 });
  await page.goto("/");
  const stock = productCard(page, lamp).getByTestId(`stock-${lamp}`);
  await expect(stock).toHaveText("7 in stock");
  let navigations = 0;
  page.on("framenavigated", () => (navigations += 1));

  await shopDb().collection("products").doc(lamp).update({ quantity: 2 });
  await expect(stock).toHaveText("2 in stock");
  await shopDb().collection("products").doc(lamp).update({ quantity: 0, status: "out_of_stock" });
  await expect(stock).toHaveText("Out of stock");
  await expect(productCard(page, lamp).getByRole("button", { name: `Add to cart: Lamp ${lamp}` })).toBeDisabled();
  expect(navigations).toBe(0);
});

test("ordering more than is left says only N left and orders nothing", async ({ page }) => {
  const kettle = uniqueId("kettle");
  await seedProduct(kettle, { name: `Kettle ${kettle}`, quantity: 3 });
  const buyer = await newAccount();
  await signIn(page, buyer);
  await goTo(page, "Shop");
  const ordersBefore = await countOrders();

  await addToCart(page, kettle, `Kettle ${kettle}`, 5);
  await page.getByRole("button", { name: "Place order" }).click();

  await expect(page.getByRole("alert")).toHaveText(`Only 3 left of Kettle ${kettle} (you asked for 5). Nothing was ordered.`);
  await expect(page.getByRole("heading", { name: "Order confirmed" })).toHaveCount(0);
  expect(await countOrders()).toBe(ordersBefore);
  expect((await productState(kettle)).quantity).toBe(3);
  const mine = await shopDb().collection("orders").where("uid", "==", buyer.uid).get();
  expect(mine.size).toBe(0);
});

test("a response lost after the server decided: the app retries, one order, stock moved once", async ({ page }) => {
  const grinder = uniqueId("grinder");
  await seedProduct(grinder, { name: `Grinder ${grinder}`, quantity: 10 });
  const buyer = await newAccount();
  await signIn(page, buyer);
  await goTo(page, "Shop");

  const requestIds: string[] = [];
  let dropped = 0;
  await page.route("**/placeOrder", async (route) => {
    const request = route.request();
    if (request.method() !== "POST") return route.continue();
    requestIds.push((request.postDataJSON() as { data: { requestId: string } }).data.requestId);
    if (dropped > 0) return route.continue();
    // Let the server take the order, then lose its answer on the way back.
    const response = await route.fetch();
    expect(response.status()).toBe(200);
    dropped += 1;
    return route.abort("connectionreset");
  });

  await addToCart(page, grinder, `Grinder ${grinder}`, 4);
  await page.getByRole("button", { name: "Place order" }).click();

  await expect(page.getByRole("heading", { name: "Order confirmed" })).toBeVisible();
  const orderId = (await page.getByTestId("order-id").textContent()) ?? "";
  expect(dropped).toBe(1);
  expect(requestIds).toHaveLength(2);
  expect(new Set(requestIds).size).toBe(1);
  const mine = await shopDb().collection("orders").where("uid", "==", buyer.uid).get();
  expect(mine.docs.map((doc) => doc.id)).toEqual([orderId]);
  expect((await productState(grinder)).quantity).toBe(6);
  await expect(productCard(page, grinder).getByTestId(`stock-${grinder}`)).toHaveText("6 in stock");
});

test("the admin restocks and the buyer's open page shows it; a non-admin is not authorized", async ({ browser }) => {
  const tea = uniqueId("tea");
  await seedProduct(tea, { name: `Tea ${tea}`, quantity: 1 });
  const buyerContext = await browser.newContext();
  const adminContext = await browser.newContext();
  try {
    const buyerPage = await buyerContext.newPage();
    const buyer = await newAccount();
    await signIn(buyerPage, buyer);
    await buyerPage.goto("/#/admin");
    await expect(buyerPage.getByRole("alert")).toContainText("Not authorized");
    await expect(buyerPage.getByRole("table")).toHaveCount(0);
    await buyerPage.goto("/#/shop");
    const stock = productCard(buyerPage, tea).getByTestId(`stock-${tea}`);
    await expect(stock).toHaveText("1 in stock");

    const adminPage = await adminContext.newPage();
    await signIn(adminPage, await newAccount({ admin: true }), "/#/admin");
    await expect(adminPage.getByTestId(`admin-stock-${tea}`)).toHaveText("1");
    await adminPage.getByLabel(`Units to add to Tea ${tea}`).fill("24");
    await adminPage.getByLabel(`Units to add to Tea ${tea}`).press("Enter");
    await expect(adminPage.getByRole("status").filter({ hasText: `Tea ${tea}: 1 -> 25.` })).toBeVisible();
    await expect(adminPage.getByTestId(`admin-stock-${tea}`)).toHaveText("25");

    await expect(stock).toHaveText("25 in stock");

    // The admin previews the confirmation email (a sample order; nothing is sent).
    await adminPage.getByRole("button", { name: "Preview" }).click();
    await expect(adminPage.getByTestId("preview-subject")).toHaveText(/: order [2-9A-HJKMNP-TW-Z]{8} confirmed$/);
    await expect(adminPage.frameLocator("iframe[title='HTML part of the email']").getByText("Burr Grinder")).toBeVisible();
    expect((await productState(tea)).quantity).toBe(25);
    const movements = await shopDb().collection("stockMovements").where("productId", "==", tea).get();
    expect(movements.docs.map((doc) => doc.get("cause") as string)).toContain("restock");
  } finally {
    await buyerContext.close();
    await adminContext.close();
  }
});
