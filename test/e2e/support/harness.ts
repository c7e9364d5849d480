import type { Page } from "playwright-core";
import { createControlClient } from "../../../servers/control-client";
import { startReferenceServers, type ReferenceServers } from "../../../servers/index";
import { launchWithExtension, type ExtensionBrowser } from "./browser";

export interface Harness {
  servers: ReferenceServers;
  control: ReturnType<typeof createControlClient>;
  browser: ExtensionBrowser;
  /** Orders at the reference shop through its storefront; returns the confirmation page and trading id. */
  placeOrder(quantities: Record<string, number>): Promise<{ page: Page; tradingId: string }>;
  openPopup(): Promise<Page>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const servers = await startReferenceServers({ ports: { shop: 0, payment: 0, delivery: 0 } });
  const browser = await launchWithExtension();
  const control = createControlClient(servers.urls.shop);
  return {
    servers,
    control,
    browser,
    async placeOrder(quantities) {
      const page = await browser.context.newPage();
      await page.goto(`${servers.urls.shop}/`);
      for (const [name, quantity] of Object.entries(quantities)) {
        await page.getByLabel(`Quantity of ${name}`).fill(String(quantity));
      }
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
