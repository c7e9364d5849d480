/**
 * The signs in a page's markup that a platform adapter may find an order there, as the
 * selectors the always-on detector (detector-script.ts) asks for and the adapters share. A sign
 * is a hint, not a verdict: the adapter itself then says whether the page is its order page.
 * These are the values only: the detector's bundle gets them written in (detector-bundle.ts).
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
export const MAX_JSON_LD_SCRIPTS = 20;

/** Stage one as shipped (bundled from detector-script.ts at build): run on every loaded page of a granted site. */
export const DETECTOR_SCRIPT_FILE = "content-scripts/detector.js";
