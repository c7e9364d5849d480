import * as z from "zod";
import type { Money } from "../../domain/types";
import { orderDayInstant } from "../../domain/calendar-day";
import { parseDateText } from "../date-text";
import { parsePriceText } from "../price-text";
import {
  capturedOrder,
  carrierSchema,
  itemNameSchema,
  passiveReports,
  quantityTextSchema,
  tradingIdSchema,
  trackingNumberSchema,
  unitPriceOf,
  type PassiveStatuses,
} from "./interpreting";
import { MAX_ITEMS } from "./reading";
import type { AdapterInterpreter, Interpreted } from "./types";

/**
 * WooCommerce's order pages, the background side: what woocommerce-page.ts read (prices with a
 * currency symbol only, dates in the site's format), validated and turned into an order or statuses.
 */

const orderRawSchema = z.object({
  orderNumber: tradingIdSchema,
  date: z.string().nullable(),
  total: z.string().nullable(),
  rowTotals: z.array(z.string().nullable()).max(100),
  failed: z.boolean(),
  items: z
    .array(z.object({ name: itemNameSchema, quantity: quantityTextSchema, ordered: z.union([z.null(), quantityTextSchema]), total: z.string().nullable() }))
    .min(1, { error: "has no items" })
    .max(MAX_ITEMS, { error: `has more than ${MAX_ITEMS} items` }),
  shopName: z.string().trim().min(1).max(500).nullable().catch(null),
  lang: z.string().max(35).nullable().catch(null),
});

function orderInterpretation(raw: unknown, page: URL, now: string, timeZone: string): Interpreted {
  const parsed = orderRawSchema.safeParse(raw);
  if (!parsed.success) {
    return { kind: "invalid", reason: `A WooCommerce order on this page ${parsed.error.issues[0]?.message ?? "could not be read"}` };
  }
  const { orderNumber, date, total: totalText, rowTotals, failed, items, shopName, lang } = parsed.data;
  const total = failed ? lastPrice(rowTotals, lang) : totalText === null ? null : parsePriceText(totalText, { locale: lang });
  if (total === null) return { kind: "invalid", reason: `Order ${orderNumber}: the total is not a price` };
  // The order-received page is read as the order is placed: a date that reads both ways is the one nearer now.
  const day = date === null ? null : parseDateText(date, lang, now);
  const orderDate = day === null ? null : orderDayInstant(day, now, timeZone);
  // A failed order's page shows no date, and is shown when the order is placed.
  if (orderDate === null && !failed) return { kind: "invalid", reason: `Order ${orderNumber}: order date ${JSON.stringify(date)} is not a date` };
  return capturedOrder("woocommerce", page, now, {
    tradingId: orderNumber,
    shopName,
    orderDate: orderDate ?? now,
    total,
    items: items.map((item) => ({
      name: item.name,
      sku: null,
      quantity: item.quantity,
      // A refunded line's total is still for the quantity ordered (WooCommerce's line subtotal).
      unitPrice: unitPriceOf(item.total === null ? null : parsePriceText(item.total, { currency: total.currency, locale: lang }), item.ordered ?? item.quantity),
    })),
  });
}

/** The last row price that reads: the order total (discounts and refunds are negative and do not). */
function lastPrice(texts: (string | null)[], lang: string | null): Money | null {
  for (const text of texts.toReversed()) {
    const price = text === null ? null : parsePriceText(text, { locale: lang });
    if (price !== null) return price;
  }
  return null;
}

/**
 * WooCommerce's order statuses and what they say: "processing" means paid and being prepared,
 * "completed" means sent (WooCommerce does not know about delivery).
 */
const WOO_STATUSES = {
  pending: { shop: "received", payment: "pending" },
  "on-hold": { shop: "received", payment: "pending" },
  processing: { shop: "processing", payment: "settled" },
  completed: { shop: "shipped", payment: "settled" },
  cancelled: { shop: "cancelled" },
  refunded: { payment: "refunded" },
  failed: { shop: "cancelled", payment: "failed" },
} as const satisfies Record<string, PassiveStatuses>;
export type WooStatus = keyof typeof WOO_STATUSES;
const WOO_STATUS_SLUGS = Object.keys(WOO_STATUSES) as [WooStatus, ...WooStatus[]];

const statusRawSchema = z.object({
  orderNumber: tradingIdSchema,
  status: z.enum(WOO_STATUS_SLUGS).nullable(),
  trackingNumber: trackingNumberSchema.optional(),
  carrier: carrierSchema.optional(),
});

function statusInterpretation(raw: unknown, now: string): Interpreted {
  const parsed = statusRawSchema.safeParse(raw);
  if (!parsed.success) return { kind: "invalid", reason: "A WooCommerce order status on this page could not be read" };
  const { orderNumber, status, trackingNumber = null, carrier = null } = parsed.data;
  const statuses = { ...(status === null ? {} : WOO_STATUSES[status]), trackingNumber, carrier };
  return { kind: "status", tradingId: orderNumber, reports: passiveReports(orderNumber, now, statuses) };
}

export const woocommerceInterpreter: AdapterInterpreter = {
  id: "woocommerce",
  interpret: (reading, page, now, timeZone) =>
    reading.kind === "order" ? orderInterpretation(reading.raw, page, now, timeZone) : statusInterpretation(reading.raw, now),
};
