import { browser } from "wxt/browser";
import { deleteTrade, saveCaptured, writeLedger } from "../db/trades";
import { minorDigits } from "../domain/money";
import { tradeKey } from "../domain/trade-key";
import type { CapturedOrder, Money } from "../domain/types";
import { t } from "../i18n/t";
import { heldByBuild } from "../site-access";

/**
 * The first run (docs/onboarding.md): the welcome page, and the one sample order it can add
 * and remove so that a new user sees what TradeWatch shows before any shop is allowed.
 */

export const WELCOME_PAGE = "/welcome.html";

/** Opens the welcome page after a first install only: not after an update, nor when the browser starts. */
export async function openWelcome(details: { reason: string }): Promise<void> {
  if (details.reason !== "install") return;
  await browser.tabs.create({ url: browser.runtime.getURL(WELCOME_PAGE) });
}

/** A reserved domain (RFC 2606) that no real shop can have: the sample never collides with a real order. */
export const SAMPLE_ORIGIN = "https://sample-shop.tradewatch.invalid";
export const SAMPLE_TRADING_ID = "SAMPLE-1";
export const SAMPLE_TRADE_ID = tradeKey(SAMPLE_ORIGIN, SAMPLE_TRADING_ID);

/**
 * The sample order, in the user's language and currency. It names no status address, so it is
 * never asked about and never changes; its shop and items say it is a sample.
 */
export function sampleOrder(currency: string, now: string): CapturedOrder {
  // Whole amounts that look like prices: 12 and 18 in euros or dollars, 1,200 and 1,800 in yen.
  const digits = minorDigits(currency);
  const price = (whole: number): Money => ({ minor: whole * (digits === 0 ? 100 : 10 ** digits), currency });
  return {
    info: {
      tradingId: SAMPLE_TRADING_ID,
      shop: { name: t("welcome_sampleShop"), origin: SAMPLE_ORIGIN },
      orderDate: now,
      items: [
        { name: t("welcome_sampleItemTea"), sku: "SAMPLE-TEA", quantity: 2, unitPrice: price(12) },
        { name: t("welcome_sampleItemMug"), sku: "SAMPLE-MUG", quantity: 1, unitPrice: price(18) },
      ],
      total: price(42),
      endpoints: { shop: null, payment: null, delivery: null },
      commands: null,
      adapter: "schema-org-json-ld",
      protocol: "tradewatch",
      pageUrl: `${SAMPLE_ORIGIN}/orders/${SAMPLE_TRADING_ID}`,
      capturedAt: now,
    },
    paymentDueAt: null,
    expectedDeliveryAt: null,
  };
}

/** Adds the sample order, once: adding it again keeps the one already there. */
export async function addSampleOrder(currency: string, now: string): Promise<{ tradeId: string; created: boolean }> {
  const { trade, created } = await saveCaptured(sampleOrder(currency, now), now);
  return { tradeId: trade.id, created };
}

/**
 * Removes the sample order with its history row and its place in the totals. Only the sample is
 * ever removed (the ledger keeps real orders), and nothing else refers to it: it has no commands,
 * returns or change-feed entries.
 */
export function removeSampleOrder(): Promise<boolean> {
  return writeLedger(async (tx) => {
    const sample = await tx.objectStore("trades").get(SAMPLE_TRADE_ID);
    if (sample === undefined) return false;
    await deleteTrade(tx, sample);
    return true;
  });
}

/** Where `npm run demo` serves the reference shop (scripts/demo.ts). */
export const DEMO_SHOP_URL = "http://127.0.0.1:4101/";

/**
 * The demo shop, in a demo build only: that build may read this computer's loopback addresses
 * without asking (wxt.config.ts), the build users install cannot, and no public demo shop exists.
 */
export function demoShopUrl(): string | null {
  return heldByBuild(new URL(DEMO_SHOP_URL).origin) ? DEMO_SHOP_URL : null;
}
