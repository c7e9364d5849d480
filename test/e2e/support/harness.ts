import type { Page } from "playwright-core";
import type { CommandName } from "../../../lib/domain/types";
import { createControlClient, type ControlClient } from "../../../servers/control-client";
import { startReferenceServers, type ReferenceServers } from "../../../servers/index";
import { launchWithExtension, type ExtensionBrowser } from "./browser";

/** One reference shop with its payment and delivery servers, and how a test drives it. */
export interface ShopHarness {
  servers: ReferenceServers;
  control: ControlClient;
  /** Fills the storefront and stops at the checkout review page (the order does not exist yet). */
  reviewOrder(quantities: Record<string, number>): Promise<Page>;
  /** Orders through the storefront and waits until TradeWatch has captured it; returns the confirmation page and trading id. */
  placeOrder(quantities: Record<string, number>): Promise<{ page: Page; tradingId: string }>;
}

export interface Harness extends ShopHarness {
  browser: ExtensionBrowser;
  /** The second, independent shop, when `second` was asked for. */
  second: ShopHarness | null;
  openPopup(): Promise<Page>;
  close(): Promise<void>;
}

export interface ShopOptions {
  /** Fixed ports; tests take any free port. */
  ports?: { shop: number; payment: number; delivery: number };
  shopName?: string;
  tradingIdPrefix?: string;
  /** The commands the shop announces and accepts (default all), e.g. without "cancel" to see the UI say why. */
  commands?: readonly CommandName[];
}

export interface HarnessOptions {
  /** Fixed ports (the demo's 4101–4103); tests take any free port. */
  ports?: { shop: number; payment: number; delivery: number };
  /** The commands the first shop announces and accepts (default all). */
  commands?: readonly CommandName[];
  /** Also starts a second shop with its own three servers (default name "Green Leaf Teas", ids "GL-…"). */
  second?: ShopOptions;
  headless?: boolean;
}

export const SECOND_SHOP_NAME = "Green Leaf Teas";
export const SECOND_TRADING_ID_PREFIX = "GL-";
const ANY_PORT = { shop: 0, payment: 0, delivery: 0 };

export async function startHarness(options: HarnessOptions & { second: ShopOptions }): Promise<Harness & { second: ShopHarness }>;
export async function startHarness(options?: HarnessOptions): Promise<Harness>;
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const servers = await startReferenceServers({ ports: options.ports ?? ANY_PORT, commands: options.commands });
  const secondServers = await startSecond(options.second).catch(async (error: unknown) => {
    await servers.close();
    throw error;
  });
  const closeServers = () => Promise.all([servers.close(), secondServers?.close()]);
  const browser = await launchWithExtension({ headless: options.headless ?? true }).catch(async (error: unknown) => {
    await closeServers();
    throw error;
  });
  return {
    ...shopHarness(servers, browser),
    browser,
    second: secondServers === null ? null : shopHarness(secondServers, browser),
    openPopup: () => browser.openExtensionPage("popup.html"),
    async close() {
      await browser.close();
      await closeServers();
    },
  };
}

function startSecond(options: ShopOptions | undefined): Promise<ReferenceServers | null> {
  if (options === undefined) return Promise.resolve(null);
  return startReferenceServers({
    ports: options.ports ?? ANY_PORT,
    shopName: options.shopName ?? SECOND_SHOP_NAME,
    tradingIdPrefix: options.tradingIdPrefix ?? SECOND_TRADING_ID_PREFIX,
    commands: options.commands,
  });
}

function shopHarness(servers: ReferenceServers, browser: ExtensionBrowser): ShopHarness {
  const reviewOrder = async (quantities: Record<string, number>) => {
    const page = await browser.context.newPage();
    await page.goto(`${servers.urls.shop}/`);
    for (const [name, quantity] of Object.entries(quantities)) {
      await page.getByLabel(`Quantity of ${name}`).fill(String(quantity));
    }
    await page.getByRole("button", { name: "Review order" }).click();
    await page.getByRole("heading", { name: "Review your order" }).waitFor();
    return page;
  };
  return {
    servers,
    control: createControlClient(servers.urls.shop),
    reviewOrder,
    async placeOrder(quantities) {
      const page = await reviewOrder(quantities);
      await page.getByRole("button", { name: "Place order" }).click();
      await page.getByRole("heading", { name: "Thank you for your order" }).waitFor();
      const tradingId = /\/orders\/([^/?#]+)/.exec(page.url())?.[1];
      if (!tradingId) throw new Error(`Not on a confirmation page: ${page.url()}`);
      // Captured once the badge says so (detector, then the capture script): a caller may close the page next.
      await page.locator("#tradewatch-badge").getByText(/TradeWatch is (now|already) tracking order/).waitFor();
      return { page, tradingId: decodeURIComponent(tradingId) };
    },
  };
}
