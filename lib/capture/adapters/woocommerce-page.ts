import { brokenReading, countMatches, MAX_ITEMS, readSafely, textOf } from "./reading";
import { SHOP_NAME_META } from "./shopify-page";
import type { PageAdapter, PageReading } from "./types";
import { WOO_ORDER, WOO_VIEW_ORDER } from "../detector";
import type { WooStatus } from "./woocommerce";

/**
 * WooCommerce's classic templates: the order-received ("thank you") page, and the customer's
 * "view order" page in My Account for later statuses (passive status capture). WooCommerce
 * prints prices with a currency symbol only, so "$" reads as US dollars, and its dates in the
 * site's format (read with date-text.ts). A failed order's page (payment declined) has no
 * overview: the order is captured from the page's address and its details table, with a
 * status reading that marks it failed (shop "cancelled", payment "failed"), so the ledger
 * shows what happened rather than nothing. This is the page side; woocommerce.ts validates what
 * it read, in the background.
 */

export const WOO_OVERVIEW = ".woocommerce-order-overview";
export const WOO_OVERVIEW_NUMBER = ".woocommerce-order-overview__order strong";
export const WOO_OVERVIEW_DATE = ".woocommerce-order-overview__date strong";
export const WOO_OVERVIEW_TOTAL = ".woocommerce-order-overview__total .woocommerce-Price-amount";
export const WOO_FAILED = ".woocommerce-thankyou-order-failed";
export const WOO_DETAILS_TABLE = ".woocommerce-table--order-details";
export const WOO_LINE_ITEM = ".woocommerce-table--order-details .woocommerce-table__line-item";
export const WOO_ITEM_NAME = ".woocommerce-table__product-name";
export const WOO_ITEM_QUANTITY = ".product-quantity";
export const WOO_ITEM_META = ".wc-item-meta";
/** The quantity a refund struck out of a line (order-details-item.php). */
const WOO_STRUCK = "del";
export const WOO_ITEM_TOTAL = ".woocommerce-table__product-total .woocommerce-Price-amount";
export const WOO_TOTALS_ROW = ".woocommerce-table--order-details tfoot tr";
export const WOO_PRICE = ".woocommerce-Price-amount";
export const WOO_VIEW_ORDER_NUMBER = ".woocommerce-MyAccount-content mark.order-number";
export const WOO_VIEW_ORDER_STATUS = ".woocommerce-MyAccount-content mark.order-status";
/** The Shipment Tracking extension's table, and the class other tracking plugins copy. */
export const WOO_TRACKING_NUMBER = ".my_account_tracking td.tracking-number, .wc-shipment-tracking td.tracking-number";
export const WOO_TRACKING_PROVIDER = ".my_account_tracking td.tracking-provider, .wc-shipment-tracking td.tracking-provider";

const ORDER_SELECTORS = {
  WOO_ORDER,
  WOO_OVERVIEW,
  WOO_OVERVIEW_NUMBER,
  WOO_OVERVIEW_DATE,
  WOO_OVERVIEW_TOTAL,
  WOO_FAILED,
  WOO_DETAILS_TABLE,
  WOO_LINE_ITEM,
  WOO_ITEM_NAME,
  WOO_ITEM_TOTAL,
  WOO_TOTALS_ROW,
};
const VIEW_ORDER_SELECTORS = { WOO_VIEW_ORDER, WOO_VIEW_ORDER_NUMBER, WOO_VIEW_ORDER_STATUS, WOO_TRACKING_NUMBER, WOO_TRACKING_PROVIDER };

/** The order number in the order-received and order-pay addresses (WooCommerce's default permalinks). */
const ORDER_PATH = /\/order-(?:received|pay)\/(\d{1,20})(?:\/|$)/;

export const woocommerceAdapter: PageAdapter = {
  id: "woocommerce",
  read: (doc) => readSafely("woocommerce", doc, () => [...readOrderReceived(doc), ...readViewOrder(doc)]),
};

function readOrderReceived(doc: Document): PageReading[] {
  const order = doc.querySelector(WOO_ORDER);
  if (order === null) return [];
  const failed = order.querySelector(WOO_FAILED) !== null;
  const raw = {
    orderNumber: textOf(order.querySelector(WOO_OVERVIEW_NUMBER)) ?? pathOrderNumber(doc),
    date: textOf(order.querySelector(WOO_OVERVIEW_DATE)),
    total: textOf(order.querySelector(WOO_OVERVIEW_TOTAL)),
    // A failed order has no overview; its total is the details table's last price that reads.
    rowTotals: failed ? [...order.querySelectorAll(WOO_TOTALS_ROW)].map((row) => signedPriceText(row.querySelector(WOO_PRICE))) : [],
    failed,
    items: [...order.querySelectorAll(WOO_LINE_ITEM)].slice(0, MAX_ITEMS + 1).map((row) => {
      const quantity = row.querySelector(WOO_ITEM_QUANTITY);
      // A line with a refund shows "× <del>2</del> <ins>1</ins>": the quantity kept, and the one its total is for.
      return {
        name: textOf(without(row.querySelector(WOO_ITEM_NAME), `${WOO_ITEM_QUANTITY}, ${WOO_ITEM_META}`)),
        quantity: textOf(without(quantity, WOO_STRUCK)),
        ordered: textOf(quantity?.querySelector(WOO_STRUCK)),
        total: textOf(row.querySelector(WOO_ITEM_TOTAL)),
      };
    }),
    shopName: doc.querySelector(SHOP_NAME_META)?.getAttribute("content") ?? null,
    lang: doc.documentElement.lang || null,
  };
  const missing = [
    ...(raw.orderNumber === null ? ["order number"] : []),
    ...(!failed && raw.date === null ? ["order date"] : []),
    ...((failed ? raw.rowTotals.every((total) => total === null) : raw.total === null) ? ["total"] : []),
    ...(raw.items.length === 0 ? ["items"] : []),
  ];
  if (missing.length > 0) return [brokenReading("woocommerce", doc, countMatches(doc, ORDER_SELECTORS), missing)];
  const readings: PageReading[] = [{ adapter: "woocommerce", kind: "order", raw }];
  if (failed) readings.push({ adapter: "woocommerce", kind: "status", raw: { orderNumber: raw.orderNumber, status: "failed" } });
  return readings;
}

function pathOrderNumber(doc: Document): string | null {
  try {
    return ORDER_PATH.exec(new URL(doc.URL).pathname)?.[1] ?? null;
  } catch {
    return null;
  }
}

/** A price's text with the minus WooCommerce writes before its element on discount rows ("-<span>$5.00</span>"). */
function signedPriceText(price: Element | null): string | null {
  const text = textOf(price);
  const before = price?.previousSibling?.textContent?.trim() ?? "";
  return text !== null && /[-\u2212]$/.test(before) ? `-${text}` : text;
}

/** A copy of the element without what `selector` matches in it: a product's name without its quantity ("× 2") and variation details. */
function without(element: Element | null, selector: string): Element | null {
  if (element === null) return null;
  const copy = element.cloneNode(true) as Element;
  for (const extra of copy.querySelectorAll(selector)) extra.remove();
  return copy;
}

function readViewOrder(doc: Document): PageReading[] {
  if (doc.querySelector(WOO_VIEW_ORDER) === null) return [];
  const orderNumber = textOf(doc.querySelector(WOO_VIEW_ORDER_NUMBER));
  const label = textOf(doc.querySelector(WOO_VIEW_ORDER_STATUS));
  if (orderNumber === null || label === null) {
    const missing = [...(orderNumber === null ? ["order number"] : []), ...(label === null ? ["status"] : [])];
    return [brokenReading("woocommerce", doc, countMatches(doc, VIEW_ORDER_SELECTORS), missing)];
  }
  const status = statusOf(label);
  const trackingNumber = textOf(doc.querySelector(WOO_TRACKING_NUMBER));
  // A status in a language or of a plugin TradeWatch does not know says nothing.
  if (status === null && trackingNumber === null) return [];
  return [{ adapter: "woocommerce", kind: "status", raw: { orderNumber, status, trackingNumber, carrier: textOf(doc.querySelector(WOO_TRACKING_PROVIDER)) } }];
}

/** The statuses' labels in English and German, lower-case; other labels (languages, custom statuses) say nothing. */
const WOO_STATUS_LABELS: Record<string, WooStatus> = {
  "pending payment": "pending",
  "zahlung ausstehend": "pending",
  "on hold": "on-hold",
  "in wartestellung": "on-hold",
  processing: "processing",
  "in bearbeitung": "processing",
  completed: "completed",
  fertiggestellt: "completed",
  abgeschlossen: "completed",
  cancelled: "cancelled",
  storniert: "cancelled",
  refunded: "refunded",
  "rückerstattet": "refunded",
  failed: "failed",
  fehlgeschlagen: "failed",
};

function statusOf(label: string): WooStatus | null {
  const key = label.toLowerCase().replace(/\.$/, "");
  return Object.hasOwn(WOO_STATUS_LABELS, key) ? (WOO_STATUS_LABELS[key] ?? null) : null;
}
