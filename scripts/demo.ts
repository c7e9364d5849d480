/**
 * `npm run demo`: builds the loopback extension, starts the reference shop, payment and
 * delivery servers, opens Chromium with TradeWatch and walks through one order: capture,
 * badge, popup, settle, deliver, a wrong charge. With a display the browser stays open to
 * explore; without one, screenshots of each step are written to .demo/.
 */
import { mkdir } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { createControlClient } from "../servers/control-client";
import { startReferenceServers } from "../servers/index";
import { launchWithExtension } from "../test/e2e/support/browser";

const headed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && !process.env.CI;
const shots = ".demo";

function step(text: string) {
  console.log(`\n▶ ${text}`);
}

step("Building the demo extension (TRADEWATCH_LOOPBACK=1 wxt build)…");
execFileSync("npx", ["wxt", "build"], { stdio: "inherit", env: { ...process.env, TRADEWATCH_LOOPBACK: "1" } });

const servers = await startReferenceServers();
const control = createControlClient(servers.urls.shop);
console.log(`Shop ${servers.urls.shop} · payment ${servers.urls.payment} · delivery ${servers.urls.delivery}`);
console.log(`Control panel: ${servers.urls.shop}/control`);

const browser = await launchWithExtension({ headless: !headed });
await mkdir(shots, { recursive: true });

step("Placing an order at the reference shop: 2 × Green tea, 1 × Stoneware mug");
const shop = await browser.context.newPage();
await shop.setViewportSize({ width: 1100, height: 720 });
await shop.goto(`${servers.urls.shop}/`);
await shop.getByLabel("Quantity of Green tea").fill("2");
await shop.getByLabel("Quantity of Stoneware mug").fill("1");
await shop.getByRole("button", { name: "Place order" }).click();
await shop.locator("#tradewatch-badge").getByText(/now tracking order/).waitFor();
const tradingId = decodeURIComponent(shop.url().split("/orders/")[1] ?? "");
console.log(`  The confirmation page shows TradeWatch's badge: order ${tradingId} is tracked.`);
await shop.screenshot({ path: `${shots}/1-confirmation.png` });

step("The popup lists the order, not yet settled or delivered");
const popup = await browser.openExtensionPage("popup.html");
await popup.setViewportSize({ width: 400, height: 640 });
await popup.getByRole("article", { name: new RegExp(tradingId) }).waitFor();
await popup.screenshot({ path: `${shots}/2-popup-open.png` });

step("The payment service settles, the carrier ships and delivers; TradeWatch checks");
await control.settle(tradingId);
await control.ship(tradingId, "1Z999AA10123456784");
await control.deliver(tradingId);
await popup.getByRole("button", { name: "Check now" }).click();
await popup.getByRole("region", { name: /^Delivered/ }).getByRole("article", { name: new RegExp(tradingId) }).waitFor();
await popup.screenshot({ path: `${shots}/3-popup-delivered.png` });

step("Setting a spending limit of €100.00 for orders not yet settled, in Options");
const options = await browser.openExtensionPage("options.html");
await options.getByRole("button", { name: "Add a limit" }).click();
await options.getByLabel("Currency").selectOption("EUR");
await options.getByLabel("Limit in EUR").fill("100.00");
await options.getByRole("button", { name: "Save" }).click();
await options.getByRole("status").getByText("Saved.").waitFor();
await options.screenshot({ path: `${shots}/4-options.png` });
await options.close();

step("A second order is charged €5.00 too much: TradeWatch warns");
await shop.goto(`${servers.urls.shop}/`);
await shop.getByLabel("Quantity of Cast-iron teapot").fill("1");
await shop.getByRole("button", { name: "Place order" }).click();
await shop.locator("#tradewatch-badge").getByText(/now tracking order/).waitFor();
const second = decodeURIComponent(shop.url().split("/orders/")[1] ?? "");
await control.settle(second, { minor: 3900, currency: "EUR" });

step("A third order, a kettle, is not paid yet: it counts against the limit");
await shop.goto(`${servers.urls.shop}/`);
await shop.getByLabel("Quantity of Steel kettle").fill("1");
await shop.getByRole("button", { name: "Place order" }).click();
await shop.locator("#tradewatch-badge").getByText(/now tracking order/).waitFor();
await popup.getByRole("button", { name: "Check now" }).click();
await popup.getByRole("alert").filter({ hasText: second }).waitFor();
await popup.screenshot({ path: `${shots}/5-popup-warning.png` });

if (headed) {
  step("Explore: the storefront, the control panel and the popup are open. Press Ctrl-C to stop.");
  const panel = await browser.context.newPage();
  await panel.goto(`${servers.urls.shop}/control`);
  const stop = async () => {
    await browser.close();
    await servers.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
} else {
  step(`No display: screenshots of each step are in ${shots}/. Done.`);
  await browser.close();
  await servers.close();
}
