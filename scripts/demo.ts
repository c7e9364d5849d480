/**
 * `npm run demo`: builds the loopback extension, starts the reference shop, payment and
 * delivery servers, opens Chromium with TradeWatch and walks through orders: capture, badge,
 * popup, settle, deliver, a spending limit, a wrong charge, confirming orders at two shops
 * all or nothing, and the order history. With a display the browser stays
 * open to explore; without one, screenshots of each step are written to .demo/.
 */
import { mkdir } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { startHarness } from "../test/e2e/support/harness";

const headed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && !process.env.CI;
const shots = ".demo";

function step(text: string) {
  console.log(`\n▶ ${text}`);
}

step("Building the demo extension (TRADEWATCH_LOOPBACK=1 wxt build)…");
execFileSync("npx", ["wxt", "build"], { stdio: "inherit", env: { ...process.env, TRADEWATCH_LOOPBACK: "1" } });

const h = await startHarness({
  ports: { shop: 4101, payment: 4102, delivery: 4103 },
  headless: !headed,
  second: { shopName: "Glass Shop", tradingIdPrefix: "GS-", ports: { shop: 4104, payment: 4105, delivery: 4106 } },
});
const { urls } = h.servers;
console.log(`Shop ${urls.shop} · payment ${urls.payment} · delivery ${urls.delivery}`);
console.log(`Second shop (Glass Shop) ${h.second.servers.urls.shop}`);
console.log(`Control panel: ${urls.shop}/control`);
await mkdir(shots, { recursive: true });

step("Placing an order at the reference shop: 2 × Green tea, 1 × Stoneware mug");
const first = await h.placeOrder({ "Green tea": 2, "Stoneware mug": 1 });
await first.page.setViewportSize({ width: 1100, height: 720 });
await first.page.locator("#tradewatch-badge").getByText(/now tracking order/).waitFor();
console.log(`  The confirmation page shows TradeWatch's badge: order ${first.tradingId} is tracked.`);
await first.page.screenshot({ path: `${shots}/1-confirmation.png` });

step("The popup lists the order, not yet settled or delivered");
const popup = await h.openPopup();
await popup.setViewportSize({ width: 400, height: 640 });
await popup.getByRole("article", { name: new RegExp(first.tradingId) }).waitFor();
await popup.screenshot({ path: `${shots}/2-popup-open.png` });

step("The payment service settles, the carrier ships and delivers; TradeWatch checks");
await h.control.settle(first.tradingId);
await h.control.ship(first.tradingId, "1Z999AA10123456784");
await h.control.deliver(first.tradingId);
await popup.getByRole("button", { name: "Check now" }).click();
await popup.getByText("Delivered").first().waitFor();
await popup.screenshot({ path: `${shots}/3-popup-delivered.png` });

step("Setting a spending limit of €100.00 for orders not yet settled, in Options");
const options = await h.browser.openExtensionPage("options.html");
await options.getByRole("button", { name: "Add a limit" }).click();
await options.getByLabel("Currency", { exact: true }).selectOption("EUR");
await options.getByLabel("Limit in EUR").fill("100.00");
await options.getByRole("button", { name: "Save" }).click();
await options.getByRole("status").getByText("Saved.").waitFor();
await options.screenshot({ path: `${shots}/4-options.png` });
await options.close();

step("A second order is charged €5.00 too much: TradeWatch warns");
const second = await h.placeOrder({ "Cast-iron teapot": 1 });
await h.control.settle(second.tradingId, { minor: 3900, currency: "EUR" });

step("A third order, a kettle, is not paid yet: it counts against the limit");
const kettle = await h.placeOrder({ "Steel kettle": 1 });
await popup.getByRole("button", { name: "Check now" }).click();
await popup.getByRole("alert").filter({ hasText: second.tradingId }).waitFor();
await popup.screenshot({ path: `${shots}/5-popup-warning.png` });

step("An order at a second shop; both arrive, and you confirm receipt of both at once (all or nothing)");
const glass = await h.second.placeOrder({ "Stoneware mug": 4 });
for (const [shop, tradingId] of [[h, kettle.tradingId], [h.second, glass.tradingId]] as const) {
  await shop.control.authorize(tradingId);
  await shop.control.ship(tradingId);
  await shop.control.deliver(tradingId);
}
await popup.getByRole("button", { name: "Check now" }).click();
await popup.getByRole("button", { name: "Check now" }).waitFor();
await popup.getByRole("button", { name: "Select orders" }).click();
await popup.getByLabel(`Select order ${kettle.tradingId} at Reference Shop`).check();
await popup.getByLabel(`Select order ${glass.tradingId} at Glass Shop`).check();
await popup.getByRole("button", { name: "Confirm all" }).click();
await popup.getByText("All 2 orders confirmed").waitFor();
console.log("  Both shops were asked first; only when both were ready did TradeWatch confirm both.");
await popup.screenshot({ path: `${shots}/6-popup-together.png` });

step("The order history: finished orders, searchable, exportable as CSV or JSON");
const history = await h.browser.openExtensionPage("order-history.html");
await history.setViewportSize({ width: 1100, height: 720 });
await history.getByRole("table").waitFor();
await history.screenshot({ path: `${shots}/7-history.png` });

if (headed) {
  step("Explore: the storefront, the control panel and the popup are open. Press Ctrl-C to stop.");
  const panel = await h.browser.context.newPage();
  await panel.goto(`${urls.shop}/control`);
  const stop = () => void h.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} else {
  step(`No display: screenshots of each step are in ${shots}/. Done.`);
  await h.close();
}
