import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchWithExtension, type ExtensionBrowser } from "./support/browser";
import { captureSettled } from "./support/capture-settled";

/**
 * The in-page badge in Chromium (issue 8): it keeps off the shop's own controls, can be
 * dismissed and moved (both remembered across reloads), and looks dark on a dark page.
 * Each order page is made here and served on loopback, where the demo build reads pages.
 */

/** A page of the shop that is not about an order. */
const STOREFRONT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Teas</title></head>
<body><h1>Our teas</h1><button>Add to cart</button></body></html>`;

interface PageOptions {
  /** A "Chat with us" button fixed where the badge would sit by default. */
  cornerButton?: boolean;
  dark?: boolean;
}

function orderPage(orderNumber: string, { cornerButton = false, dark = false }: PageOptions): string {
  const order = {
    "@context": "https://schema.org",
    "@type": "Order",
    orderNumber,
    orderDate: "2026-11-22T10:00:00Z",
    seller: { "@type": "Organization", name: "Badge Test Shop" },
    price: "19.90",
    priceCurrency: "EUR",
    acceptedOffer: { "@type": "Offer", itemOffered: { "@type": "Product", name: "Teapot" }, price: "19.90", priceCurrency: "EUR" },
  };
  const button = cornerButton
    ? `<button id="chat" style="position: fixed; right: 16px; bottom: 16px; width: 220px; height: 72px">Chat with us</button>`
    : "";
  const colours = dark ? "background: #111418; color: #e6e6e6;" : "background: #ffffff; color: #111111;";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Thanks</title>
<script type="application/ld+json">${JSON.stringify(order)}</script></head>
<body style="margin: 0; min-height: 100vh; ${colours}"><h1>Thank you for order ${orderNumber}</h1>${button}</body></html>`;
}

let browser: ExtensionBrowser;
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname === "/") {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(STOREFRONT);
      return;
    }
    const orderNumber = url.pathname.split("/").at(-1) ?? "";
    const options = { cornerButton: url.searchParams.has("button"), dark: url.searchParams.has("dark") };
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(orderPage(orderNumber, options));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchWithExtension();
});

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

const badge = (page: Page) => page.locator("#tradewatch-badge");
const title = (page: Page, orderNumber: string) => badge(page).getByText(new RegExp(`TradeWatch is (now|already) tracking order ${orderNumber}`));

async function openOrder(orderNumber: string, query = ""): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.goto(`${origin}/orders/${orderNumber}${query}`);
  await title(page, orderNumber).waitFor();
  return page;
}

const corner = (page: Page) => badge(page).getAttribute("data-corner");

describe("the in-page badge", () => {
  it("does not cover a button of the shop that sits in its default corner", async () => {
    const page = await openOrder("BT-1", "?button");
    const [badgeBox, buttonBox] = await Promise.all([badge(page).boundingBox(), page.locator("#chat").boundingBox()]);
    if (!badgeBox || !buttonBox) throw new Error("badge or button not laid out");
    const overlap =
      badgeBox.x < buttonBox.x + buttonBox.width &&
      buttonBox.x < badgeBox.x + badgeBox.width &&
      badgeBox.y < buttonBox.y + buttonBox.height &&
      buttonBox.y < badgeBox.y + badgeBox.height;
    expect(overlap).toBe(false);
    expect(await corner(page)).toBe("bottom-left");
    // The shop's button is still the one a click there reaches.
    await page.locator("#chat").click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("chat");
    await page.close();
  });

  it("stays off the shop's pages that are not about an order, though the shop has open orders", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${origin}/`);
    await captureSettled(browser.worker, page.url());
    expect(await badge(page).count()).toBe(0);
    await page.close();
  });

  it("stays dismissed for that order on that page after a reload", async () => {
    const page = await openOrder("BT-2");
    await badge(page).getByRole("button", { name: "Dismiss this TradeWatch notice" }).click();
    await badge(page).waitFor({ state: "detached" });
    await page.reload();
    await captureSettled(browser.worker, page.url());
    expect(await badge(page).count()).toBe(0);
    // Another order still gets its badge.
    const other = await openOrder("BT-3");
    expect(await title(other, "BT-3").isVisible()).toBe(true);
    await other.close();
    await page.close();
  });

  it("is dismissed with Escape from its buttons", async () => {
    const page = await openOrder("BT-4");
    await badge(page).getByRole("button", { name: "Dismiss this TradeWatch notice" }).focus();
    await page.keyboard.press("Escape");
    await badge(page).waitFor({ state: "detached" });
    await page.close();
  });

  it("moves to another corner from its move button, by keyboard and by dragging, and the site remembers where", async () => {
    const page = await openOrder("BT-5");
    expect(await corner(page)).toBe("bottom-right");
    const move = badge(page).getByRole("button", { name: "Move this TradeWatch notice (arrow keys or drag)" });
    await move.click();
    expect(await corner(page)).toBe("bottom-left");
    await move.focus();
    await page.keyboard.press("ArrowUp");
    expect(await corner(page)).toBe("top-left");
    await page.keyboard.press("ArrowRight");
    expect(await corner(page)).toBe("top-right");

    const box = await move.boundingBox();
    if (!box) throw new Error("move button not laid out");
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(400, 500, { steps: 5 });
    await page.mouse.move(200, 600, { steps: 5 });
    await page.mouse.up();
    expect(await corner(page)).toBe("bottom-left");

    await page.reload();
    await title(page, "BT-5").waitFor();
    expect(await corner(page)).toBe("bottom-left");
    // The corner is the site's: another order page of the shop starts there too.
    const other = await openOrder("BT-6");
    expect(await corner(other)).toBe("bottom-left");
    await other.close();
    await page.close();
  });

  it("is dark on a dark page and light on a light one", async () => {
    const background = (page: Page) =>
      badge(page).evaluate((host) => getComputedStyle(host.shadowRoot!.querySelector(".card")!).backgroundColor);
    const dark = await openOrder("BT-7", "?dark");
    expect(await background(dark)).toBe("rgb(24, 27, 33)");
    const light = await openOrder("BT-8");
    expect(await background(light)).toBe("rgb(255, 255, 255)");
    await dark.close();
    await light.close();
  });
});
