import { ADAPTER_IDS, type AdapterId } from "./adapters/types";

/**
 * Signs in a page's address, which the background reads from the tab rather than the detector
 * from the page: worked out in the page, the few string tests cost it about 0.1 ms of its first
 * run's time, a fifth of the detector's budget (issue 7).
 */

/** Shopify's thank-you (classic and new checkout) and order status addresses. */
export const SHOPIFY_ORDER_PATH = /\/thank[_-]you\/?$|\/orders\/[0-9a-f]{16,}\/?$/i;
/** The Vendure Remix storefront's confirmation route. */
export const VENDURE_CONFIRMATION_PATH = /^\/checkout\/confirmation\/([^/]+)\/?$/;

/**
 * The signs of the page at `url`: what its markup shows (`markupSigns`, from the detector) and
 * what its address does, in the order the adapters run. Shopify's markup is on every page of a
 * Shopify shop, so its sign is its order page's address alone; on another site's thank-you page
 * its adapter then says "not mine".
 */
export function pageSigns(markupSigns: readonly AdapterId[], url: string): AdapterId[] {
  const path = URL.parse(url)?.pathname ?? "";
  return ADAPTER_IDS.filter(
    (adapter) =>
      markupSigns.includes(adapter) ||
      (adapter === "shopify" && SHOPIFY_ORDER_PATH.test(path)) ||
      (adapter === "vendure" && VENDURE_CONFIRMATION_PATH.test(path)),
  );
}
