import * as z from "zod";
import { decimalToMinor, isCurrencyCode } from "../../domain/money";
import type { Money, OrderItem } from "../../domain/types";
import { parsePriceText } from "../price-text";
import {
  capturedOrder,
  itemNameSchema,
  passiveReports,
  quantityTextSchema,
  tradingIdTextSchema,
  trackingNumberSchema,
  unitPriceOf,
  type OrderFields,
  type PassiveStatuses,
} from "./interpreting";
import { MAX_ITEMS } from "./reading";
import { STEPS, type Step } from "./shopify-page";
import type { AdapterInterpreter, Interpreted } from "./types";

/**
 * Shopify's order page, the background side: what shopify-page.ts read, from the page's own
 * checkout data (preferred) or its visible summary, validated and turned into an order or statuses.
 */

/** "Order #1001", "Bestellung #1001", "#1001" or "1001" → "1001". */
const orderNumberTextSchema = z
  .union([z.string(), z.number()], { error: "has no order number" })
  .transform((text) => {
    const shown = String(text).trim();
    return /#\s*(\S+)/.exec(shown)?.[1] ?? shown.split(/\s+/).at(-1) ?? "";
  })
  .pipe(tradingIdTextSchema);

const currencyCodeSchema = z.string().trim().toUpperCase().refine(isCurrencyCode, { error: "currency is not an ISO 4217 code" });

/** Shopify.checkout amounts: decimal strings in major units ("59.97"), or integer cents in some themes. */
const checkoutAmountSchema = z.union([
  z.string().trim().regex(/^\d{1,15}(?:\.\d{1,6})?$/),
  z.number().nonnegative().transform(String).pipe(z.string().regex(/^\d{1,15}(?:\.\d{1,6})?$/)),
]);

const checkoutSchema = z.object({
  order_number: orderNumberTextSchema,
  total_price: checkoutAmountSchema,
  currency: currencyCodeSchema,
  presentment_currency: currencyCodeSchema.nullish().catch(null),
  created_at: z.iso.datetime({ offset: true }).nullish().catch(null),
  line_items: z
    .array(
      z.object({
        title: itemNameSchema,
        quantity: z.int().min(1).max(1_000_000),
        price: checkoutAmountSchema.nullish().catch(null),
        sku: z.union([z.string(), z.number()]).transform((sku) => String(sku).trim()).nullish().catch(null),
      }),
    )
    .min(1)
    .max(MAX_ITEMS),
});

const visibleSchema = z.object({
  orderNumber: orderNumberTextSchema,
  total: z.string({ error: "has no total" }),
  currency: z.string().nullable(),
  items: z
    .array(z.object({ name: itemNameSchema, quantity: quantityTextSchema, price: z.string().nullable() }))
    .min(1, { error: "has no items" })
    .max(MAX_ITEMS),
});

const orderRawSchema = z.object({
  checkout: z.unknown(),
  visible: z.unknown(),
  shopName: z.string().trim().min(1).max(500).nullable().catch(null),
  lang: z.string().max(35).nullable().catch(null),
});

type Checkout = z.infer<typeof checkoutSchema>;

/** Reads a page's total for the unit check; null when the summary shows none that reads. */
function visibleTotal(visible: unknown, lang: string | null): Money | null {
  const parsed = visibleSchema.pick({ total: true, currency: true }).safeParse(visible);
  return parsed.success ? parsePriceText(parsed.data.total, { currency: parsed.data.currency, locale: lang }) : null;
}

/** Whether the checkout's total and its line prices are in minor units (hundredths). */
interface MinorUnits {
  total: boolean;
  lines: boolean;
}

/**
 * Shopify's own checkout data has decimal strings in major units ("8.24"); integers are cents (as
 * Shopify's Liquid writes money), unless the visible total shows them as major units. A line
 * price with a fraction cannot be cents: the lines are then major units and a whole total is
 * read in the unit that puts it nearer their sum (JSON numbers drop ".00": 65 beside 32.5).
 */
function minorUnits(checkout: Checkout, currency: string, shown: Money | null): MinorUnits {
  if (checkout.total_price.includes(".")) return { total: false, lines: false };
  const shownMajor = shown !== null && shown.currency === currency && decimalToMinor(checkout.total_price, currency) === shown.minor;
  if (!checkout.line_items.some((item) => item.price?.includes("."))) return { total: !shownMajor, lines: !shownMajor };
  return { total: !shownMajor && !wholeTotalNearerAsMajor(checkout, currency), lines: false };
}

/**
 * Whether the whole total read as major units is nearer, by ratio, to the sum of the line prices
 * (major units) than read as hundredths: shipping, tax and discounts move a total far less than
 * a hundredfold. Lines without a price that reads say nothing, and the fraction alone decides.
 */
function wholeTotalNearerAsMajor(checkout: Checkout, currency: string): boolean {
  const major = checkoutMoney(checkout.total_price, currency, false);
  const hundredths = checkoutMoney(checkout.total_price, currency, true);
  let lines = 0n;
  for (const item of checkout.line_items) {
    const price = item.price == null ? null : checkoutMoney(item.price, currency, false);
    if (price !== null) lines += BigInt(price.minor) * BigInt(item.quantity);
  }
  if (major === null || hundredths === null || lines === 0n) return true;
  // Nearer by ratio: the sum is at or above the two readings' geometric mean.
  return lines * lines >= BigInt(major.minor) * BigInt(hundredths.minor);
}

function checkoutMoney(amount: string, currency: string, minorUnits: boolean): Money | null {
  if (!minorUnits) {
    const minor = decimalToMinor(amount, currency);
    return minor === null ? null : { minor, currency };
  }
  // Shopify's integer money is hundredths of the unit in every currency (¥1,234 is 123400).
  if (!/^\d+$/.test(amount)) return null;
  const hundredths = amount.padStart(3, "0");
  const minor = decimalToMinor(`${hundredths.slice(0, -2)}.${hundredths.slice(-2)}`, currency);
  return minor === null ? null : { minor, currency };
}

function fromCheckout(checkout: Checkout, shown: Money | null, now: string): Omit<OrderFields, "shopName"> | string {
  const currency = checkout.presentment_currency ?? checkout.currency;
  const units = minorUnits(checkout, currency, shown);
  const total = checkoutMoney(checkout.total_price, currency, units.total);
  if (total === null) return `Order ${checkout.order_number}: total ${checkout.total_price} is not an amount in ${currency}`;
  const items: OrderItem[] = checkout.line_items.map((item) => ({
    name: item.title,
    sku: item.sku || null,
    quantity: item.quantity,
    unitPrice: item.price == null ? null : checkoutMoney(item.price, currency, units.lines),
  }));
  const orderDate = checkout.created_at ? new Date(checkout.created_at).toISOString() : now;
  return { tradingId: checkout.order_number, orderDate, total, items };
}

function orderInterpretation(raw: unknown, page: URL, now: string): Interpreted {
  const parsed = orderRawSchema.safeParse(raw);
  if (!parsed.success) return { kind: "invalid", reason: "A Shopify order on this page could not be read" };
  const { checkout, visible, shopName, lang } = parsed.data;
  const fromData = checkoutSchema.safeParse(checkout);
  if (fromData.success) {
    const fields = fromCheckout(fromData.data, visibleTotal(visible, lang), now);
    if (typeof fields === "string") return { kind: "invalid", reason: fields };
    return capturedOrder("shopify", page, now, { ...fields, shopName });
  }
  const shown = visibleSchema.safeParse(visible);
  if (!shown.success) {
    const reason = shown.error.issues[0]?.message ?? "could not be read";
    return { kind: "invalid", reason: `A Shopify order on this page ${reason}` };
  }
  const { orderNumber, currency, items } = shown.data;
  const total = parsePriceText(shown.data.total, { currency, locale: lang });
  if (total === null) return { kind: "invalid", reason: `Order ${orderNumber}: total ${JSON.stringify(shown.data.total)} is not a price` };
  return capturedOrder("shopify", page, now, {
    tradingId: orderNumber,
    shopName,
    orderDate: now,
    total,
    items: items.map((item) => ({
      name: item.name,
      sku: null,
      quantity: item.quantity,
      unitPrice: unitPriceOf(item.price === null ? null : parsePriceText(item.price, { currency: total.currency, locale: lang }), item.quantity),
    })),
  });
}

const STEP_STATUSES: Record<Step, PassiveStatuses> = {
  cancelled: { shop: "cancelled" },
  delivered: { shop: "delivered", delivery: "delivered" },
  shipped: { shop: "shipped", delivery: "in_transit" },
  confirmed: { shop: "received" },
};

const statusRawSchema = z.object({
  orderNumber: orderNumberTextSchema,
  step: z.enum(STEPS).nullable(),
  trackingNumber: trackingNumberSchema,
});

function statusInterpretation(raw: unknown, now: string): Interpreted {
  const parsed = statusRawSchema.safeParse(raw);
  if (!parsed.success) return { kind: "invalid", reason: "A Shopify order status on this page could not be read" };
  const { orderNumber, step, trackingNumber } = parsed.data;
  const statuses = { ...(step === null ? {} : STEP_STATUSES[step]), trackingNumber };
  return { kind: "status", tradingId: orderNumber, reports: passiveReports(orderNumber, now, statuses) };
}

export const shopifyInterpreter: AdapterInterpreter = {
  id: "shopify",
  interpret: (reading, page, now) => (reading.kind === "order" ? orderInterpretation(reading.raw, page, now) : statusInterpretation(reading.raw, now)),
};
