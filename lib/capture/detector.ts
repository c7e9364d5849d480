import type { AdapterId } from "./adapters/types";

/**
 * The always-on first stage on every granted page: cheap signs that a platform adapter may
 * find an order here. A few selector queries and path tests, no reading of page text beyond
 * the JSON-LD scripts' own; bundled alone into the detector content script, so it imports
 * types only and stays tiny. A sign is a hint, not a verdict: the adapter itself then says
 * whether the page is its order page.
 */

export const JSON_LD_SCRIPT = 'script[type*="ld+json" i]';
export const MICRODATA_ORDER = '[itemscope][itemtype$="schema.org/Order" i]';
export const SHOPIFY_MARKUP =
  'script#shopify-features, meta[name^="shopify-"], link[href*="cdn.shopify.com"], script[src*="cdn.shopify.com"], [data-shopify]';
/** Thank-you (classic and new checkout) and order status addresses. */
export const SHOPIFY_ORDER_PATH = /\/thank[_-]you\/?$|\/orders\/[0-9a-f]{16,}\/?$/i;
export const WOOCOMMERCE_MARKUP = "body.woocommerce-order-received, body.woocommerce-view-order, .woocommerce-order";
export const VENDURE_MARKUP = 'meta[name="vendure:shop-api"], [data-vendure-order-code]';
/** The Vendure Remix storefront's confirmation route. */
export const VENDURE_ORDER_PATH = /\/checkout\/confirmation\/[^/]+\/?$/;

/** How many JSON-LD scripts are looked at (real pages have a handful). */
const MAX_JSON_LD_SCRIPTS = 20;

/** Each adapter's signs, in the order the adapters run (JSON-LD first). */
export const ADAPTER_SIGNS: Record<AdapterId, (doc: Document, pathname: string) => boolean> = {
  "schema-org-json-ld": (doc) =>
    [...doc.querySelectorAll(JSON_LD_SCRIPT)].slice(0, MAX_JSON_LD_SCRIPTS).some((script) => script.textContent?.includes("Order")),
  "schema-org-microdata": (doc) => doc.querySelector(MICRODATA_ORDER) !== null,
  // Both: Shopify's markup is on every page of a Shopify shop, and only its order pages need the adapters.
  shopify: (doc, pathname) => SHOPIFY_ORDER_PATH.test(pathname) && doc.querySelector(SHOPIFY_MARKUP) !== null,
  woocommerce: (doc) => doc.querySelector(WOOCOMMERCE_MARKUP) !== null,
  vendure: (doc, pathname) => doc.querySelector(VENDURE_MARKUP) !== null || VENDURE_ORDER_PATH.test(pathname),
};

/** The adapters whose signs the page shows. */
export function detectSigns(doc: Document, location: { pathname: string }): AdapterId[] {
  return (Object.keys(ADAPTER_SIGNS) as AdapterId[]).filter((id) => ADAPTER_SIGNS[id](doc, location.pathname));
}

/** Stage one as shipped (bundled from detector-script.ts at build): registered on every granted site. */
export const DETECTOR_SCRIPT_FILE = "content-scripts/detector.js";
