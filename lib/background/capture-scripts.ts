import { browser } from "wxt/browser";
import { SHOPIFY_CHECKOUT_FIELDS, SHOPIFY_LINE_ITEM_FIELDS } from "../capture/adapters/shopify-page";
import type { AdapterId } from "../capture/adapters/types";
import { CAPTURE_HANDOFF_KEY, giveHandoff, type CaptureHandoff } from "../capture/page-capture";

/** Stage two, built from entrypoints/capture.content.ts: injected only into pages that show signs of an order. */
export const CAPTURE_SCRIPT_FILE = "content-scripts/capture.js";

type Target = { tabId: number; frameIds: number[] };

/**
 * Runs stage two in the top frame of the detector's tab. It is injected at once and waits for
 * what it cannot find out itself, handed to its isolated world meanwhile (page-capture.ts
 * takeHandoff): the adapters to run, the version diagnostics name, and, on a Shopify page, the
 * page's own checkout data, which only the page's world can see.
 */
export async function injectCapture(tabId: number, signs: AdapterId[], disabled: AdapterId[]): Promise<void> {
  const target = { tabId, frameIds: [0] };
  await Promise.all([browser.scripting.executeScript({ target, files: [`/${CAPTURE_SCRIPT_FILE}`] }), handOver(target, signs, disabled)]);
}

async function handOver(target: Target, signs: AdapterId[], disabled: AdapterId[]): Promise<void> {
  const shopifyCheckout = signs.includes("shopify") ? await readShopifyCheckout(target) : null;
  const handoff: CaptureHandoff = {
    signs,
    disabled,
    pageData: shopifyCheckout === null ? null : { shopifyCheckout },
    version: browser.runtime.getManifest().version,
  };
  await browser.scripting.executeScript({ target, func: giveHandoff, args: [CAPTURE_HANDOFF_KEY, handoff] });
}

/**
 * The most line items copied (orders are far smaller), keeping the copy well within what one
 * capture message may carry (MAX_READING_CHARS); a longer list is not copied at all rather than
 * cut, so the adapter reads the visible summary instead of a partial order.
 */
export const SHOPIFY_MAX_LINE_ITEMS = 100;

async function readShopifyCheckout(target: Target): Promise<unknown> {
  try {
    const [frame] = await browser.scripting.executeScript({
      target,
      world: "MAIN",
      func: copyShopifyCheckout,
      args: [[...SHOPIFY_CHECKOUT_FIELDS], [...SHOPIFY_LINE_ITEM_FIELDS], SHOPIFY_MAX_LINE_ITEMS],
    });
    return frame?.result ?? null;
  } catch (error) {
    // A page that cannot be read this way is still read from its visible summary.
    console.warn("TradeWatch could not read Shopify's checkout data:", error);
    return null;
  }
}

/**
 * Runs in the page's own world (serialised: it may use nothing from outside). Copies the named
 * fields, and the named fields of each line item, as plain strings and numbers, so no object of
 * the page leaves it; the background validates the copy like any other page data.
 */
export function copyShopifyCheckout(fields: string[], itemFields: string[], maxItems: number): unknown {
  const MAX_TEXT = 300;
  const plain = (value: unknown) =>
    typeof value === "string" ? value.slice(0, MAX_TEXT) : typeof value === "number" && Number.isFinite(value) ? value : null;
  const pick = (source: Record<string, unknown>, names: string[]) =>
    Object.fromEntries(names.map((name) => [name, plain(source[name])]));
  try {
    const checkout = (globalThis as { Shopify?: { checkout?: unknown } }).Shopify?.checkout;
    if (typeof checkout !== "object" || checkout === null) return null;
    const source = checkout as Record<string, unknown>;
    const items = source.line_items;
    const copied = pick(source, fields.filter((name) => name !== "line_items"));
    if (!fields.includes("line_items") || !Array.isArray(items) || items.length > maxItems) return copied;
    return {
      ...copied,
      line_items: items.map((item: unknown) => (typeof item === "object" && item !== null ? pick(item as Record<string, unknown>, itemFields) : null)),
    };
  } catch {
    // The page's own getters may throw: then there is nothing to copy.
    return null;
  }
}
