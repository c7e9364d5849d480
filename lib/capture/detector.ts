import type { AdapterId } from "./adapters/types";

/**
 * The always-on first stage on every granted page: cheap signs that a platform adapter may
 * find an order here. A few selector queries and path tests, no reading of page text beyond
 * the JSON-LD scripts' own; bundled alone into the detector script, so it imports types only
 * and stays tiny. A sign is a hint, not a verdict: the adapter itself then says whether the
 * page is its order page.
 */

export const JSON_LD_SCRIPT = 'script[type*="ld+json" i]';
export const MICRODATA_ORDER = '[itemscope][itemtype$="schema.org/Order" i]';
/**
 * Markup signs as lists of simple selectors, asked one at a time: Chromium answers a single
 * selector with a quick walk, but matches a selector list through its slow general path, which
 * costs about a millisecond on a large page (measured in issue 7).
 */
export const SHOPIFY_SELECTORS = [
  "script#shopify-features",
  'meta[name^="shopify-"]',
  'link[href*="cdn.shopify.com"]',
  'script[src*="cdn.shopify.com"]',
  "[data-shopify]",
];
const WOOCOMMERCE_SELECTORS = ["body.woocommerce-order-received", "body.woocommerce-view-order", ".woocommerce-order"];
const VENDURE_SELECTORS = ['meta[name="vendure:shop-api"]', "[data-vendure-order-code]"];
/**
 * Order page addresses, as patterns' sources: a regular expression literal is parsed when the
 * script is, on every page, so these are built only on a page whose path has the words.
 * Shopify: thank-you (classic and new checkout) and order status addresses.
 */
export const SHOPIFY_ORDER_PATH = { source: "\\/thank[_-]you\\/?$|\\/orders\\/[0-9a-f]{16,}\\/?$", flags: "i" };
/** The Vendure Remix storefront's confirmation route. */
const VENDURE_ORDER_PATH = "\\/checkout\\/confirmation\\/[^/]+\\/?$";

/** How many JSON-LD scripts' text is looked at (real pages have a handful). */
const MAX_JSON_LD_SCRIPTS = 20;

/**
 * The adapters whose signs the page shows, in the order the adapters run (JSON-LD first).
 * One function of index loops that builds nothing it does not need: in the page, every further
 * function, object, iterator or regular expression costs time that every page would pay (issue 7).
 */
export function detectSigns(doc: Document, location: { pathname: string }): AdapterId[] {
  const found: AdapterId[] = [];
  const path = location.pathname;
  const lowerPath = path.toLowerCase();
  const scripts = doc.querySelectorAll(JSON_LD_SCRIPT);
  for (let index = 0; index < scripts.length && index < MAX_JSON_LD_SCRIPTS; index++) {
    if (!scripts[index]!.textContent?.includes("Order")) continue;
    found.push("schema-org-json-ld");
    break;
  }
  if (doc.querySelector(MICRODATA_ORDER) !== null) found.push("schema-org-microdata");
  // Shopify's markup is on every page of a Shopify shop: only on an order page is it a sign.
  let shows = (lowerPath.includes("thank") || lowerPath.includes("/orders/")) && new RegExp(SHOPIFY_ORDER_PATH.source, SHOPIFY_ORDER_PATH.flags).test(path);
  for (let index = 0; shows && index < SHOPIFY_SELECTORS.length; index++) {
    if (doc.querySelector(SHOPIFY_SELECTORS[index]!) !== null) {
      found.push("shopify");
      break;
    }
  }
  shows = false;
  for (let index = 0; !shows && index < WOOCOMMERCE_SELECTORS.length; index++) shows = doc.querySelector(WOOCOMMERCE_SELECTORS[index]!) !== null;
  if (shows) found.push("woocommerce");
  shows = path.includes("/checkout/confirmation/") && new RegExp(VENDURE_ORDER_PATH).test(path);
  for (let index = 0; !shows && index < VENDURE_SELECTORS.length; index++) shows = doc.querySelector(VENDURE_SELECTORS[index]!) !== null;
  if (shows) found.push("vendure");
  return found;
}

/** Stage one as shipped (bundled from detector-script.ts at build): run on every loaded page of a granted site. */
export const DETECTOR_SCRIPT_FILE = "content-scripts/detector.js";
