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
/**
 * Markup signs as lists of simple selectors, asked one at a time: Chromium answers a single
 * selector with a quick walk, but matches a selector list through its slow general path, which
 * costs about a millisecond on a large page (measured in issue 7). Adapters use the joined lists.
 */
const SHOPIFY_SELECTORS = [
  "script#shopify-features",
  'meta[name^="shopify-"]',
  'link[href*="cdn.shopify.com"]',
  'script[src*="cdn.shopify.com"]',
  "[data-shopify]",
];
const WOOCOMMERCE_SELECTORS = ["body.woocommerce-order-received", "body.woocommerce-view-order", ".woocommerce-order"];
const VENDURE_SELECTORS = ['meta[name="vendure:shop-api"]', "[data-vendure-order-code]"];
export const SHOPIFY_MARKUP = SHOPIFY_SELECTORS.join(", ");
export const WOOCOMMERCE_MARKUP = WOOCOMMERCE_SELECTORS.join(", ");
export const VENDURE_MARKUP = VENDURE_SELECTORS.join(", ");
/** Thank-you (classic and new checkout) and order status addresses. */
export const SHOPIFY_ORDER_PATH = /\/thank[_-]you\/?$|\/orders\/[0-9a-f]{16,}\/?$/i;
/** The Vendure Remix storefront's confirmation route. */
export const VENDURE_ORDER_PATH = /\/checkout\/confirmation\/[^/]+\/?$/;

/** How many JSON-LD scripts are looked at (real pages have a handful). */
const MAX_JSON_LD_SCRIPTS = 20;

function anyMatch(doc: Document, selectors: readonly string[]): boolean {
  for (const selector of selectors) if (doc.querySelector(selector) !== null) return true;
  return false;
}

/** Plain loops, no spread and no array copies: each costs measurable time in a fresh content-script world. */
function jsonLdMentionsOrder(doc: Document): boolean {
  const scripts = doc.querySelectorAll(JSON_LD_SCRIPT);
  for (let index = 0; index < scripts.length && index < MAX_JSON_LD_SCRIPTS; index++) {
    if (scripts[index]!.textContent?.includes("Order")) return true;
  }
  return false;
}

/**
 * A path test in two steps: a substring every match contains comes first, so that on most pages
 * the regular expression is never compiled: its first use compiles it, which every page would pay.
 */
function pathMatches(pathname: string, mustContain: readonly string[], pattern: RegExp): boolean {
  const lower = pathname.toLowerCase();
  return mustContain.some((part) => lower.includes(part)) && pattern.test(pathname);
}

/** Each adapter's signs, in the order the adapters run (JSON-LD first). */
export const ADAPTER_SIGNS: Record<AdapterId, (doc: Document, pathname: string) => boolean> = {
  "schema-org-json-ld": jsonLdMentionsOrder,
  "schema-org-microdata": (doc) => doc.querySelector(MICRODATA_ORDER) !== null,
  // Both: Shopify's markup is on every page of a Shopify shop, and only its order pages need the adapters.
  shopify: (doc, pathname) => pathMatches(pathname, ["thank", "/orders/"], SHOPIFY_ORDER_PATH) && anyMatch(doc, SHOPIFY_SELECTORS),
  woocommerce: (doc) => anyMatch(doc, WOOCOMMERCE_SELECTORS),
  vendure: (doc, pathname) => anyMatch(doc, VENDURE_SELECTORS) || pathMatches(pathname, ["/checkout/confirmation/"], VENDURE_ORDER_PATH),
};

/** The adapters whose signs the page shows. */
export function detectSigns(doc: Document, location: { pathname: string }): AdapterId[] {
  const signs: AdapterId[] = [];
  for (const id of Object.keys(ADAPTER_SIGNS) as AdapterId[]) if (ADAPTER_SIGNS[id](doc, location.pathname)) signs.push(id);
  return signs;
}

/** Stage one as shipped (bundled from detector-script.ts at build): run on every loaded page of a granted site. */
export const DETECTOR_SCRIPT_FILE = "content-scripts/detector.js";
