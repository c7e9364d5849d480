import { isObject, prop } from "../schema-org-json";
import { brokenReading, countMatches, MAX_ITEMS, readSafely, textOf } from "./reading";
import type { PageAdapter, PageData, PageReading } from "./types";
import { SHOPIFY_ORDER_PATH } from "../path-signs";

/** Markup on every page of a Shopify shop (the detector does not ask for it: path-signs.ts). */
const SHOPIFY_MARKUP = 'script#shopify-features, meta[name^="shopify-"], link[href*="cdn.shopify.com"], script[src*="cdn.shopify.com"], [data-shopify]';

/**
 * Shopify's thank-you and order status page (one page: the same URL shows the order's later
 * progress). The page's own checkout data (`window.Shopify.checkout`, copied by the background
 * from the page's main world into PageData) is preferred; the visible order summary, modelled
 * on Shopify's classic checkout markup, is the fallback. The page shows no order date, so a
 * summary-only order is dated when it is read (the thank-you page is shown when it is placed).
 * The status heading is read in English only ("Your order is confirmed", "On its way",
 * "Delivered", "Cancelled"): in other languages the page gives no status. This is the page side;
 * shopify.ts validates what it read, in the background.
 */

export const SHOPIFY_ORDER_NUMBER = ".os-order-number";
export const SHOPIFY_LINE_ITEM = "table.product-table tr.product";
export const SHOPIFY_ITEM_NAME = ".product__description__name";
export const SHOPIFY_ITEM_QUANTITY = ".product__quantity";
export const SHOPIFY_ITEM_PRICE = ".product__price";
export const SHOPIFY_TOTAL = ".payment-due__price";
export const SHOPIFY_CURRENCY = ".payment-due__currency";
export const SHOPIFY_PRESENTMENT_CURRENCY = "[data-presentment-currency]";
export const SHOPIFY_STEP_TITLE = ".os-step__title";
export const SHOPIFY_TRACKING_LINK = ".tracking-info a";
export const SHOP_NAME_META = 'meta[property="og:site_name"]';

const SELECTORS = {
  SHOPIFY_ORDER_NUMBER,
  SHOPIFY_LINE_ITEM,
  SHOPIFY_ITEM_NAME,
  SHOPIFY_ITEM_QUANTITY,
  SHOPIFY_ITEM_PRICE,
  SHOPIFY_TOTAL,
  SHOPIFY_CURRENCY,
  SHOPIFY_PRESENTMENT_CURRENCY,
  SHOPIFY_STEP_TITLE,
  SHOPIFY_TRACKING_LINK,
};

/**
 * The fields of `window.Shopify.checkout` (and of each of its line_items) the adapter reads:
 * the background copies only these from the page's main world, nothing else (no e-mail, no address).
 */
export const SHOPIFY_CHECKOUT_FIELDS = ["order_id", "order_number", "total_price", "currency", "presentment_currency", "created_at", "line_items"] as const;
export const SHOPIFY_LINE_ITEM_FIELDS = ["title", "quantity", "price", "sku"] as const;

export const shopifyAdapter: PageAdapter = {
  id: "shopify",
  read: (doc, pageData) => readSafely("shopify", doc, () => readShopify(doc, pageData)),
};

function readShopify(doc: Document, pageData: PageData | null): PageReading[] {
  const checkout = pageData?.shopifyCheckout ?? null;
  const orderNumber = textOf(doc.querySelector(SHOPIFY_ORDER_NUMBER));
  const hasCheckoutOrder = isObject(checkout) && (prop(checkout, "order_id") !== undefined || prop(checkout, "order_number") !== undefined);
  if (!hasCheckoutOrder && orderNumber === null) {
    // Shopify's own order page that shows nothing this adapter knows (a new checkout design, say): said, not skipped.
    const orderPage = SHOPIFY_ORDER_PATH.test(doc.location?.pathname ?? "") && doc.querySelector(SHOPIFY_MARKUP) !== null;
    return orderPage ? [brokenReading("shopify", doc, countMatches(doc, SELECTORS), ["order number", "total"])] : [];
  }
  const visible = {
    orderNumber,
    total: textOf(doc.querySelector(SHOPIFY_TOTAL)),
    currency: textOf(doc.querySelector(SHOPIFY_CURRENCY)) ?? doc.querySelector(SHOPIFY_PRESENTMENT_CURRENCY)?.getAttribute("data-presentment-currency") ?? null,
    items: [...doc.querySelectorAll(SHOPIFY_LINE_ITEM)].slice(0, MAX_ITEMS + 1).map((row) => ({
      name: textOf(row.querySelector(SHOPIFY_ITEM_NAME)),
      quantity: textOf(row.querySelector(SHOPIFY_ITEM_QUANTITY)),
      price: textOf(row.querySelector(SHOPIFY_ITEM_PRICE)),
    })),
  };
  if (!completeCheckout(checkout)) {
    const missing = [
      ...(visible.orderNumber === null ? ["order number"] : []),
      ...(visible.total === null ? ["total"] : []),
      ...(visible.items.length === 0 ? ["items"] : []),
    ];
    if (missing.length > 0) return [brokenReading("shopify", doc, countMatches(doc, SELECTORS), missing)];
  }
  const readings: PageReading[] = [
    {
      adapter: "shopify",
      kind: "order",
      raw: {
        checkout,
        visible,
        shopName: doc.querySelector(SHOP_NAME_META)?.getAttribute("content") ?? null,
        lang: doc.documentElement.lang || null,
      },
    },
  ];
  const step = stepOf(textOf(doc.querySelector(SHOPIFY_STEP_TITLE)));
  const trackingNumber = textOf(doc.querySelector(SHOPIFY_TRACKING_LINK));
  if (step !== null || trackingNumber !== null) {
    const number = isObject(checkout) ? prop(checkout, "order_number") : undefined;
    readings.push({ adapter: "shopify", kind: "status", raw: { orderNumber: number ?? orderNumber, step, trackingNumber } });
  }
  return readings;
}

/** Whether the checkout data names everything an order needs (else the visible summary must). */
function completeCheckout(checkout: unknown): boolean {
  if (!isObject(checkout)) return false;
  const items = prop(checkout, "line_items");
  return prop(checkout, "order_number") !== undefined && prop(checkout, "total_price") !== undefined && Array.isArray(items) && items.length > 0;
}

/** The status heading's words (English); the first that matches names the step. */
const STEP_WORDS = {
  cancelled: /cancel+ed/i,
  delivered: /delivered/i,
  shipped: /on (?:its|the) way|shipped|in transit|out for delivery|ready for pickup/i,
  confirmed: /confirmed|received/i,
} as const;
export type Step = keyof typeof STEP_WORDS;
export const STEPS = Object.keys(STEP_WORDS) as [Step, ...Step[]];

function stepOf(heading: string | null): Step | null {
  return heading === null ? null : (STEPS.find((step) => STEP_WORDS[step].test(heading)) ?? null);
}
