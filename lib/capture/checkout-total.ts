import type { Money } from "../domain/types";
import { findOrders, isCheckoutOrder, parseJson } from "./schema-org-json";
import { webPageUrl } from "../web-page";
import { readShopName, readTotal } from "./schema-org-order";

export interface CheckoutTotal {
  total: Money;
  /** The seller's name from the page, else the page's host name: for people only. */
  shopName: string;
}

/**
 * The total a shop's checkout (review) page is about to charge, read from its schema.org
 * Order with orderStatus OrderPaymentDue and no orderNumber (see isCheckoutOrder): the
 * first such Order whose total reads as money. Null on any other page. Never throws; the
 * values come from the page and are untrusted (they are only compared and shown as text).
 */
export function readCheckout(blocks: string[], page: { url: string }): CheckoutTotal | null {
  const pageUrl = webPageUrl(page.url);
  if (!pageUrl) return null;
  for (const block of blocks) {
    const json = parseJson(block);
    if (json === undefined) continue;
    for (const order of findOrders(json)) {
      if (!isCheckoutOrder(order)) continue;
      const total = readTotal(order);
      if (total !== null) return { total, shopName: readShopName(order) ?? pageUrl.hostname };
    }
  }
  return null;
}
