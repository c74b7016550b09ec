// Webhooks, as a shop admin sets them up: adding an endpoint in the console shows its signing
// secret once; a restock that brings a product back in stock reaches the shop's receiver (a real
// HTTP server on loopback), signed with that secret; the endpoint's delivery log shows it
// delivered; pausing and resuming it is one click each.
import { expect, test } from "@playwright/test";
import { verifyWebhook } from "../../functions/src/model/webhookSignature";
import { WebhookReceiver } from "../../tools/testkit/webhookReceiver";
import { newAccount, seedProduct, shopDb, signIn, uniqueId } from "./shop";

test("an admin adds a webhook endpoint; a back-in-stock restock reaches the receiver, signed, and the log shows it delivered", async ({ page }) => {
  const receiver = new WebhookReceiver();
  await receiver.start();
  try {
    const lamp = uniqueId("lamp");
    await seedProduct(lamp, { name: `Lamp ${lamp}`, quantity: 0 });
    const admin = await newAccount({ admin: true });
    await signIn(page, admin, "/#/admin");
    const panel = page.getByRole("region", { name: "Webhooks" });
    await panel.getByLabel("Endpoint URL").fill(receiver.url);
    await panel.getByLabel("Event types").selectOption("inventory.back_in_stock");
    await panel.getByLabel("Endpoint description").fill("Warehouse ERP");
    await panel.getByRole("button", { name: "Add endpoint" }).click();
    const secret = ((await panel.getByTestId("webhook-secret").locator("code").textContent()) ?? "").trim();
    expect(secret).toMatch(/^whsec_/);
    const row = panel.locator("tr[data-endpoint-id]", { hasText: receiver.url });
    await expect(row).toContainText("inventory.back_in_stock");
    const endpointId = (await row.getAttribute("data-endpoint-id")) ?? "";

    try {
      await page.getByRole("searchbox", { name: "Find products" }).fill(`Lamp ${lamp}`);
      const stockRow = page.locator(`tr[data-product-id="${lamp}"]`);
      await stockRow.getByLabel(`Units to add to Lamp ${lamp}`).fill("6");
      await stockRow.getByRole("button", { name: "Restock" }).click();
      await expect(page.getByTestId(`admin-stock-${lamp}`)).toHaveText("6");

      await expect.poll(() => receiver.received.filter((hook) => hook.body.includes(lamp)).length).toBe(1);
      const [hook] = receiver.received.filter((hook) => hook.body.includes(lamp));
      const event = await verifyWebhook<{ type: string; data: { object: { id: string; available: number } } }>(hook!.body, hook!.headers["inventory-signature"] as string, secret);
      expect(event.type).toBe("inventory.back_in_stock");
      expect(event.data.object).toMatchObject({ id: lamp, available: 6 });

      await row.getByRole("button", { name: "Deliveries" }).click();
      const log = panel.getByTestId("delivery-log");
      await expect(log.locator("tr[data-event-id]").first()).toContainText("delivered");
      await expect(log.locator("tr[data-event-id]").first()).toContainText("200 in");

      await row.getByRole("button", { name: "Pause" }).click();
      await expect(row).toContainText("paused");
      await row.getByRole("button", { name: "Resume" }).click();
      await expect(row).toContainText("active");

      page.once("dialog", (dialog) => void dialog.accept());
      await row.getByRole("button", { name: "Delete" }).click();
      await expect(row).toHaveCount(0);
    } finally {
      // Whatever happened, later tests' events must not go to this receiver.
      await Promise.all([shopDb().doc(`webhookEndpoints/${endpointId}`).delete(), shopDb().doc(`webhookSecrets/${endpointId}`).delete()]);
    }
  } finally {
    await receiver.stop();
  }
});
