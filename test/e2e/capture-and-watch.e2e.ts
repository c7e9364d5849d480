import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./support/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const orderCard = (popup: import("playwright-core").Page, tradingId: string) =>
  popup.getByRole("article", { name: `Order ${tradingId} at Reference Shop` });

async function checkNow(popup: import("playwright-core").Page) {
  await popup.getByRole("button", { name: "Check now" }).click();
  await popup.getByRole("button", { name: "Check now" }).waitFor();
}

describe("capture, watch and reconcile in Chromium", () => {
  it("captures an order, shows it tracked on the page, and follows it to settled and delivered", async () => {
    const { page, tradingId } = await h.placeOrder({ "Green tea": 2, "Stoneware mug": 1 });
    const badge = page.locator("#tradewatch-badge");
    await badge.getByText(`TradeWatch is now tracking order ${tradingId}`).waitFor();

    await page.reload();
    await badge.getByText(`TradeWatch is already tracking order ${tradingId}`).waitFor();

    const popup = await h.openPopup();
    const card = orderCard(popup, tradingId);
    await card.waitFor();
    expect(await card.innerText()).toContain("€34.90");
    expect(await popup.getByRole("article", { name: `Order ${tradingId} at Reference Shop` }).count()).toBe(1);
    const undelivered = popup.getByRole("region", { name: /Not delivered yet/ });
    await undelivered.getByRole("article", { name: `Order ${tradingId} at Reference Shop` }).waitFor();

    await h.control.settle(tradingId);
    await h.control.ship(tradingId, "1Z999AA10123456784");
    await h.control.deliver(tradingId);
    await checkNow(popup);

    const delivered = popup.getByRole("region", { name: /^Delivered/ });
    const deliveredCard = delivered.getByRole("article", { name: `Order ${tradingId} at Reference Shop` });
    await deliveredCard.waitFor();
    const text = await deliveredCard.innerText();
    expect(text).toContain("Settled");
    expect(text).toContain("Delivered");

    await popup.getByRole("radio", { name: /^Settled/ }).check();
    await popup.getByRole("region", { name: /^Settled/ }).getByRole("article", { name: `Order ${tradingId} at Reference Shop` }).waitFor();
    await popup.close();
    await page.close();
  });

  it("warns when the amount charged differs from the order total", async () => {
    const { page, tradingId } = await h.placeOrder({ "Cast-iron teapot": 1 });
    await page.close();
    await h.control.settle(tradingId, { minor: 4400, currency: "EUR" });
    const popup = await h.openPopup();
    await checkNow(popup);
    const alert = popup.getByRole("alert").filter({ hasText: tradingId }).filter({ hasText: "€44.00" });
    await alert.waitFor();
    expect(await alert.innerText()).toContain("€34.00");
    await popup.close();
  });

  it("warns when a status answers for another trading identifier, and merges nothing from it", async () => {
    const { page, tradingId } = await h.placeOrder({ "Steel kettle": 1 });
    await page.close();
    await h.control.fault(tradingId, "payment", "wrong-id");
    await h.control.settle(tradingId);
    const popup = await h.openPopup();
    await checkNow(popup);
    await popup.getByRole("alert").filter({ hasText: tradingId }).filter({ hasText: "TW-999999" }).waitFor();
    expect(await orderCard(popup, tradingId).innerText()).not.toContain("Settled");
    await popup.close();
  });

  it("records a failing endpoint on the trade as a readable error and keeps what it knew", async () => {
    const { page, tradingId } = await h.placeOrder({ "Green tea": 1 });
    await page.close();
    const popup = await h.openPopup();
    await checkNow(popup);
    const card = orderCard(popup, tradingId);
    await card.getByText("Pending", { exact: false }).first().waitFor();

    await h.control.fault(tradingId, "delivery", "http-500");
    await checkNow(popup);
    await card.getByText(/HTTP 500/).waitFor();
    expect(await card.innerText()).toContain("Not shipped yet");

    await h.control.fault(tradingId, "delivery", "malformed");
    await checkNow(popup);
    await card.getByText(/malformed JSON/).waitFor();
    await popup.close();
  });

  it("warns about a payment and a delivery past their scheduled dates, and clears when they complete", async () => {
    const { page, tradingId } = await h.placeOrder({ "Stoneware mug": 1 });
    await page.close();
    const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
    await h.control.schedule(tradingId, "payment", anHourAgo);
    await h.control.schedule(tradingId, "delivery", anHourAgo);
    const popup = await h.openPopup();
    await checkNow(popup);
    const warnings = popup.getByRole("region", { name: "Warnings" }).getByRole("alert").filter({ hasText: tradingId });
    await warnings.filter({ hasText: "Payment was due on" }).waitFor();
    await warnings.filter({ hasText: "Delivery was expected" }).waitFor();

    await h.control.settle(tradingId);
    await h.control.deliver(tradingId);
    await checkNow(popup);
    await warnings.first().waitFor({ state: "detached" });
    await popup.close();
  });

  it("warns when fewer items arrive than were ordered, and when a cancelled order is delivered", async () => {
    const partial = await h.placeOrder({ "Green tea": 3 });
    await partial.page.close();
    await h.control.deliver(partial.tradingId, [{ sku: "TEA-GREEN", quantity: 1 }]);
    const cancelled = await h.placeOrder({ "Steel kettle": 1 });
    await cancelled.page.close();
    await h.control.cancel(cancelled.tradingId);
    await h.control.deliver(cancelled.tradingId);

    const popup = await h.openPopup();
    await checkNow(popup);
    const warnings = popup.getByRole("region", { name: "Warnings" }).getByRole("alert");
    await warnings.filter({ hasText: partial.tradingId }).filter({ hasText: "Delivered 1 of 3" }).waitFor();
    await warnings.filter({ hasText: cancelled.tradingId }).filter({ hasText: /cancelled/i }).waitFor();
    await popup.close();
  });

  it("shows the number of open warnings on the toolbar icon", async () => {
    const popup = await h.openPopup();
    const alerts = popup.getByRole("region", { name: "Warnings" }).getByRole("alert");
    // Counted once the popup has read the ledger (it renders the warnings after opening).
    await alerts.first().waitFor();
    const listed = await alerts.count();
    expect(listed).toBeGreaterThanOrEqual(2);
    expect(await h.browser.worker.evaluate(() => chrome.action.getBadgeText({}))).toBe(String(listed));
    await popup.close();
  });
});
