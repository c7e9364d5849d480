import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADAPTER_NAMES, type AdapterId } from "../../lib/capture/adapters/types";
import { formatMoney } from "../../lib/domain/money";
import type { Money, Trade } from "../../lib/domain/types";
import { DEFAULT_SETTINGS, type Settings } from "../../lib/settings/schema";
import { launchWithExtension, type ExtensionBrowser } from "./support/browser";
import { captureSettled } from "./support/capture-settled";

/**
 * The platform adapters end to end: their committed fixture pages (test/fixtures/adapters/<id>/)
 * served on loopback at the addresses they mimic, read by the detector and the capture script
 * in Chromium with the loopback build, and what the user then sees on the page and in the popup.
 */

const FIXTURES = "test/fixtures/adapters";

interface Expectation {
  url: string;
  results: ({ kind: "order"; tradingId: string; total: Money } | { kind: "broken"; missing: string[] } | { kind: string })[];
}

const expectations = (adapter: AdapterId) =>
  JSON.parse(readFileSync(`${FIXTURES}/${adapter}/expected.json`, "utf8")) as Record<string, Expectation>;

interface FixtureServer {
  origin: string;
  /** Every request the server got, as "<method> <path and query>". */
  requests: string[];
  /** The address of a fixture, on this server (the path and query it mimics). */
  urlOf(file: string): string;
  close(): Promise<void>;
}

/** Where a fixture is served: the path and query of the address it mimics (two fixtures may differ by query only). */
const pathOf = (url: string) => {
  const { pathname, search } = new URL(url);
  return `${pathname}${search}`;
};

/** One adapter's fixtures on a loopback origin of their own, so their orders never meet another test's. */
async function serveFixtures(adapter: AdapterId): Promise<FixtureServer> {
  const expected = expectations(adapter);
  const paths = new Map<string, string>();
  const pages = new Map<string, string>();
  for (const [file, { url }] of Object.entries(expected)) {
    // Two fixtures at the same address (a normal and a multi-item confirmation) are told apart by a query parameter.
    const plain = pathOf(url);
    const path = pages.has(plain) ? `${plain}${plain.includes("?") ? "&" : "?"}fixture=${file}` : plain;
    paths.set(file, path);
    pages.set(path, `${FIXTURES}/${adapter}/${file}`);
  }
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = request.url ?? "/";
    requests.push(`${request.method} ${path}`);
    const file = pages.get(path);
    if (file === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(readFileSync(file, "utf8"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    urlOf(file) {
      const path = paths.get(file);
      if (path === undefined) throw new Error(`${adapter}/${file} has no expectation`);
      return `${origin}${path}`;
    },
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // The browser keeps its connections open; they would hold the server open.
        server.closeAllConnections();
      }),
  };
}

function orderOf(adapter: AdapterId, file: string): { tradingId: string; total: Money } {
  const order = expectations(adapter)[file]?.results.find((result) => result.kind === "order");
  if (order === undefined || !("total" in order)) throw new Error(`${adapter}/${file} expects no order`);
  return order;
}

function missingOf(adapter: AdapterId): string[] {
  const broken = expectations(adapter)["broken.html"]?.results.find((result) => result.kind === "broken");
  if (broken === undefined || !("missing" in broken)) throw new Error(`${adapter}/broken.html expects no broken reading`);
  return broken.missing;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const badge = (page: Page) => page.locator("#tradewatch-badge");
const card = (popup: Page, tradingId: string) => popup.getByRole("article", { name: new RegExp(`^Order ${escape(tradingId)} at `) });

let browser: ExtensionBrowser;
beforeAll(async () => {
  browser = await launchWithExtension();
  // A spending limit every checkout goes over, so a checkout page (a page that is not an order) says something.
  const settings: Settings = { ...DEFAULT_SETTINGS, limits: [{ id: "e2e", amount: { minor: 1, currency: "EUR" }, shopOrigin: null, period: "none" }] };
  const options = await browser.openExtensionPage("options.html");
  await options.evaluate((stored) => chrome.storage.local.set({ settings: stored }), settings);
  await options.close();
  await browser.context.grantPermissions(["clipboard-read", "clipboard-write"]);
});
afterAll(async () => {
  await browser?.close();
});

async function open(url: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(url);
  return page;
}

/** The total as the popup writes it (in the browser's locale). */
async function shown(popup: Page, total: Money): Promise<string> {
  return formatMoney(total, await popup.evaluate(() => navigator.language));
}

/**
 * The diagnostic behind a "Copy diagnostic" button: from the clipboard when the browser let it
 * be written, else from the read-only box shown instead.
 */
async function copiedDiagnostic(page: Page, scope: ReturnType<Page["locator"]>): Promise<unknown> {
  await scope.getByRole("button", { name: "Copy diagnostic" }).first().click();
  const copied = scope.getByText("Diagnostic copied.");
  const box = scope.getByRole("textbox", { name: /diagnostic/i });
  await copied.or(box).first().waitFor();
  const text = (await box.count()) > 0 ? await box.first().inputValue() : await page.evaluate(() => navigator.clipboard.readText());
  return JSON.parse(text);
}

const STATIC_ADAPTERS = ["schema-org-json-ld", "schema-org-microdata", "shopify", "woocommerce"] as const satisfies readonly AdapterId[];

describe.each(STATIC_ADAPTERS)("the %s adapter in Chromium", (adapter) => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await serveFixtures(adapter);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("captures its normal order page: the page says so, and the popup shows the order with its total", async () => {
    const { tradingId, total } = orderOf(adapter, "normal.html");
    const page = await open(server.urlOf("normal.html"));
    await badge(page).getByText(`TradeWatch is now tracking order ${tradingId}`).waitFor();
    const popup = await browser.openExtensionPage("popup.html");
    const order = card(popup, tradingId);
    await order.waitFor();
    expect(await order.innerText()).toContain(await shown(popup, total));
    await popup.close();
    await page.close();
  });

  it("captures nothing from a page of the platform that is not an order: a checkout says which limit it would pass, other pages nothing", async () => {
    const page = await open(server.urlOf("not-an-order.html"));
    if (new URL(expectations(adapter)["not-an-order.html"]!.url).pathname.includes("/checkout")) {
      await badge(page).getByText("TradeWatch: this order would go over your spending limit").waitFor();
      expect(await badge(page).locator("section").innerText()).not.toContain("tracking");
    } else {
      await captureSettled(browser.worker, page.url());
      expect(await badge(page).count()).toBe(0);
    }
    await page.close();
  });

  it("says loudly on the page and in the popup that it could not read a broken order page, with a diagnostic to copy", async () => {
    const message = `TradeWatch recognised a ${ADAPTER_NAMES[adapter]} order page but could not read the`;
    const page = await open(server.urlOf("broken.html"));
    const title = badge(page).getByText(message);
    await title.waitFor();
    expect(await badge(page).locator("section").innerText()).not.toContain("tracking");
    const fromPage = await copiedDiagnostic(page, badge(page));
    expect(fromPage).toMatchObject({ adapter, missing: missingOf(adapter) });
    // Origin and path only: nothing of the query string (order keys, e-mail addresses).
    expect((fromPage as { page: string }).page.startsWith(server.origin)).toBe(true);
    expect(JSON.stringify(fromPage)).not.toMatch(/[?#]|%40|@example/);
    await page.close();

    const popup = await browser.openExtensionPage("popup.html");
    const problems = popup.getByRole("region", { name: "Pages TradeWatch could not read" });
    const problem = problems.getByRole("listitem").filter({ hasText: message }).filter({ hasText: server.origin });
    await problem.waitFor();
    expect(await copiedDiagnostic(popup, problem)).toEqual(fromPage);
    await popup.close();
  });
});

describe("passive status capture on a WooCommerce order page", () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await serveFixtures("woocommerce");
  });
  afterAll(async () => {
    await server?.close();
  });

  it("updates the order's statuses from the customer's view-order page, asking nothing of anyone", async () => {
    const { tradingId } = orderOf("woocommerce", "normal.html");
    const confirmation = await open(server.urlOf("normal.html"));
    await badge(confirmation).getByText(`TradeWatch is now tracking order ${tradingId}`).waitFor();
    await confirmation.close();

    const viewOrder = await open(server.urlOf("view-order.html"));
    await badge(viewOrder).getByText(`TradeWatch updated order ${tradingId} from this page`).waitFor();
    await viewOrder.close();

    const popup = await browser.openExtensionPage("popup.html");
    // An order 1234 of another test's shop is in the ledger too; this shop's is the one in transit.
    const order = card(popup, tradingId).filter({ hasText: "In transit" });
    await order.waitFor();
    expect(await order.innerText()).toContain("Settled");
    await popup.close();
    // The shop's server saw the two pages the user opened, and nothing from TradeWatch.
    const pages = ["normal.html", "view-order.html"].map((file) => `GET ${new URL(server.urlOf(file)).pathname}${new URL(server.urlOf(file)).search}`);
    expect(server.requests.filter((request) => !pages.includes(request) && request !== "GET /favicon.ico")).toEqual([]);
  });
});

describe("Shopify's own checkout data, read in the page's world", () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await serveFixtures("shopify");
  });
  afterAll(async () => {
    await server?.close();
  });

  it("takes the total from Shopify.checkout, not from the visible summary that disagrees", async () => {
    // The page's inline script sets Shopify.checkout (total 64.87); its visible summary says $70.00.
    const html = readFileSync(`${FIXTURES}/shopify/checkout-data.html`, "utf8");
    expect(html).toMatch(/Shopify\.checkout = \{.*"total_price": "64\.87"/);
    expect(html).toContain(">$70.00<");
    const { tradingId, total } = orderOf("shopify", "checkout-data.html");
    expect(total).toEqual({ minor: 6487, currency: "USD" });
    const page = await open(server.urlOf("checkout-data.html"));
    await badge(page).getByText(`TradeWatch is now tracking order ${tradingId}`).waitFor();
    await page.close();
    const popup = await browser.openExtensionPage("popup.html");
    expect((await storedTrade(popup, `${server.origin} ${tradingId}`))?.info.total).toEqual(total);
    await popup.close();
  });
});

/** One trade as stored, read the way the extension's pages read the ledger. */
function storedTrade(page: Page, id: string): Promise<Trade | undefined> {
  return page.evaluate(
    (key) =>
      new Promise<Trade | undefined>((resolve, reject) => {
        const open = indexedDB.open("tradewatch");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const read = db.transaction("trades").objectStore("trades").get(key);
          read.onsuccess = () => {
            resolve(read.result as Trade | undefined);
            db.close();
          };
          read.onerror = () => reject(read.error);
        };
      }),
    id,
  );
}
