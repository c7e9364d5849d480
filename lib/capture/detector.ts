import type { AdapterId } from "./adapters/types";

/**
 * The always-on first stage on every granted page: cheap signs in the page's markup that a
 * platform adapter may find an order here. A few selector queries, no reading of page text
 * beyond the JSON-LD scripts' own; bundled alone into the detector script, so it imports types
 * only and stays tiny. A sign is a hint, not a verdict: the adapter itself then says whether
 * the page is its order page.
 */

export const JSON_LD_SCRIPT = 'script[type*="ld+json" i]';
export const MICRODATA_ORDER = '[itemscope][itemtype$="schema.org/Order" i]';
/**
 * WooCommerce's order-received page and My Account's view-order page, as its adapter
 * recognises them: a sign its adapter would turn down (the order-received body class without
 * the order, say) would be a query every page pays for nothing.
 */
export const WOO_ORDER = ".woocommerce-order";
export const WOO_VIEW_ORDER = "body.woocommerce-view-order";
/** A Vendure storefront's order code (its confirmation route is a sign of the address: path-signs.ts). */
export const VENDURE_ORDER_CODE = "[data-vendure-order-code]";

/** How many JSON-LD scripts' text is looked at (real pages have a handful). */
const MAX_JSON_LD_SCRIPTS = 20;

/**
 * The adapters whose signs the page's markup shows, in the order the adapters run (JSON-LD
 * first); the background adds the signs of its address (path-signs.ts), which would cost the
 * page more to work out here. Written for the page's first and only run of it: single selectors
 * (Chromium matches a selector list through its slow general path), no literal array or object
 * beyond the answer, and as few of the DOM's interfaces as can be, since the first use of each
 * in a page costs it time (measured in issue 7).
 */
export function detectMarkupSigns(doc: Document): AdapterId[] {
  const found: AdapterId[] = [];
  const scripts = doc.querySelectorAll(JSON_LD_SCRIPT);
  for (let index = 0; index < scripts.length && index < MAX_JSON_LD_SCRIPTS; index++) {
    if (!scripts[index]!.textContent?.includes("Order")) continue;
    found.push("schema-org-json-ld");
    break;
  }
  if (doc.querySelector(MICRODATA_ORDER) !== null) found.push("schema-org-microdata");
  if (doc.querySelector(WOO_ORDER) !== null || doc.querySelector(WOO_VIEW_ORDER) !== null) found.push("woocommerce");
  if (doc.querySelector(VENDURE_ORDER_CODE) !== null) found.push("vendure");
  return found;
}

/** Stage one as shipped (bundled from detector-script.ts at build): run on every loaded page of a granted site. */
export const DETECTOR_SCRIPT_FILE = "content-scripts/detector.js";
