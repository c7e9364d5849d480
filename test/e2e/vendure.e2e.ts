import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVendureShop, type VendureShop } from "../vendure/shop";
import { launchWithExtension, type ExtensionBrowser } from "./support/browser";
import { until } from "./support/until";

// A real Vendure server (test/vendure, installed by .ci/run): guest orders placed through its
// storefront, followed by the extension through Vendure's Shop API.

let shop: VendureShop;
let browser: ExtensionBrowser;
let popup: Page;
beforeAll(async () => {
  shop = await startVendureShop();
  browser = await launchWithExtension();
  popup = await browser.openExtensionPage("popup.html");
});
afterAll(async () => {
  await browser?.close();
  await shop?.close();
});

/** The storefront's own checkout, in Chromium: fills the quantities, picks the card, places the order. */
async function checkout(quantities: Record<string, number>, card = "Test card"): Promise<{ page: Page; code: string }> {
  const page = await browser.context.newPage();
  await page.goto(shop.storefrontUrl);
  for (const [name, quantity] of Object.entries(quantities)) await page.getByLabel(`Quantity of ${name}`).fill(String(quantity));
  await page.getByLabel("Card").selectOption({ label: card });
  await page.getByRole("button", { name: "Place order" }).click();
  await page.getByRole("heading", { name: "Thank you for your order" }).waitFor();
  const code = /\/checkout\/confirmation\/([^/]+)$/.exec(page.url())?.[1];
  if (!code) throw new Error(`Not on a confirmation page: ${page.url()}`);
  return { page, code };
}

async function seeTracked(page: Page, code: string): Promise<void> {
  await page.locator("#tradewatch-badge").getByText(`TradeWatch is now tracking order ${code}`).waitFor();
  await page.close();
}

function card(code: string): Locator {
  return popup.getByRole("article", { name: `Order ${code} at 127.0.0.1` });
}

/** Waits until the card shows this status for the source ("Shop", "Payment", "Delivery"). */
async function status(code: string, source: string, label: string): Promise<void> {
  await card(code).locator(".source-row").filter({ hasText: source }).locator(".chip").filter({ hasText: new RegExp(`^${label}$`) }).waitFor();
}

async function checkNow(): Promise<void> {
  await popup.getByRole("button", { name: "Check now", exact: true }).click();
  await popup.getByRole("button", { name: "Check now", exact: true }).and(popup.locator(":not([aria-disabled=\"true\"])")).waitFor();
}

describe("a real Vendure shop", () => {
  it("tracks a guest order from its confirmation page through authorised, settled, shipped and delivered", async () => {
    const { page, code } = await checkout({ "Sencha green tea": 2, "Stoneware mug": 1 });
    await seeTracked(page, code);

    await card(code).waitFor();
    expect(await card(code).innerText()).toContain("$38.00");
    await status(code, "Shop", "Received");
    await status(code, "Payment", "Authorised");
    await status(code, "Delivery", "Not shipped yet");

    expect(await shop.settle(code)).toBe("Settled");
    await checkNow();
    await status(code, "Payment", "Settled");
    await status(code, "Shop", "Processing");

    await shop.ship(code, "1Z999AA10123456784");
    await checkNow();
    await status(code, "Delivery", "In transit");
    await status(code, "Shop", "Shipped");
    await card(code).getByText("1Z999AA10123456784").waitFor();

    await shop.deliver(code);
    await checkNow();
    await status(code, "Delivery", "Delivered");
    await status(code, "Shop", "Delivered");
    await popup.getByRole("region", { name: /^Delivered/ }).getByRole("article", { name: `Order ${code} at 127.0.0.1` }).waitFor();
    expect(await card(code).innerText()).not.toMatch(/warning/i);
  });

  it("shows a payment the card provider declined at capture", async () => {
    const { page, code } = await checkout({ "Cast-iron teapot": 1 }, "Test card, declined at capture");
    await seeTracked(page, code);
    await status(code, "Payment", "Authorised");

    expect(await shop.settle(code)).toBe("Error");
    await checkNow();
    await status(code, "Payment", "Payment failed");
  });

  it("shows a cancellation with a refund in full (Vendure leaves the payment Settled)", async () => {
    const { code, confirmationUrl } = await shop.placeOrder([{ sku: "MUG-STONE", quantity: 3 }]);
    const page = await browser.context.newPage();
    await page.goto(confirmationUrl);
    await seeTracked(page, code);
    await shop.settle(code);
    await checkNow();
    await status(code, "Payment", "Settled");

    await shop.cancelAndRefund(code);
    await checkNow();
    await status(code, "Shop", "Cancelled");
    await status(code, "Payment", "Refunded");
  });
});

describe("a Vendure shop whose guest window closes", () => {
  let short: VendureShop;
  beforeAll(async () => {
    short = await startVendureShop({ guestWindow: "8s" });
  });
  afterAll(async () => {
    await short?.close();
  });

  it("keeps the last known state and says why once the shop stops showing the order to guests", async () => {
    const { code, confirmationUrl } = await short.placeOrder([{ sku: "TEA-SENCHA", quantity: 1 }]);
    const page = await browser.context.newPage();
    await page.goto(confirmationUrl);
    await seeTracked(page, code);
    await status(code, "Payment", "Authorised");

    await until(async () => (await guestAnswer(short, code)).includes('"FORBIDDEN"'), "the guest window to close", 30_000);
    await checkNow();
    await card(code).getByText(/shows an order to guests only for a while/).waitFor();
    await status(code, "Payment", "Authorised");
    expect(await card(code).innerText()).not.toContain("Could not check");
  });
});

/** What the Shop API answers a guest about the order now. */
async function guestAnswer(vendure: VendureShop, code: string): Promise<string> {
  const response = await fetch(vendure.shopApiUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ query: "query($code: String!) { orderByCode(code: $code) { code } }", variables: { code } }),
  });
  return response.text();
}
