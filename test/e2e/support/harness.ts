import type { Page } from "playwright-core";
import { createControlClient } from "../../../servers/control-client";
import { startReferenceServers, type ReferenceServers } from "../../../servers/index";
import { launchWithExtension, type ExtensionBrowser } from "./browser";

export interface Harness {
  servers: ReferenceServers;
  control: ReturnType<typeof createControlClient>;
  browser: ExtensionBrowser;
  /** Fills the storefront and stops at the checkout review page (the order does not exist yet). */
  reviewOrder(quantities: Record<string, number>): Promise<Page>;
  /** Orders at the reference shop through its storefront; returns the confirmation page and trading id. */
  placeOrder(quantities: Record<string, number>): Promise<{ page: Page; tradingId: string }>;
  openPopup(): Promise<Page>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Fixed ports (the demo's 4101–4103); tests take any free port. */
  ports?: { shop: number; payment: number; delivery: number };
  headless?: boolean;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const servers = await startReferenceServers({ ports: options.ports ?? { shop: 0, payment: 0, delivery: 0 } });
  const browser = await launchWithExtension({ headless: options.headless ?? true });
  const control = createControlClient(servers.urls.shop);
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
    control,
    browser,
    reviewOrder,
    async placeOrder(quantities) {
      const page = await reviewOrder(quantities);
      await page.getByRole("button", { name: "Place order" }).click();
      await page.getByRole("heading", { name: "Thank you for your order" }).waitFor();
      const tradingId = /\/orders\/([^/?#]+)/.exec(page.url())?.[1];
      if (!tradingId) throw new Error(`Not on a confirmation page: ${page.url()}`);
      return { page, tradingId: decodeURIComponent(tradingId) };
    },
    openPopup: () => browser.openExtensionPage("popup.html"),
    async close() {
      await browser.close();
      await servers.close();
    },
  };
}
