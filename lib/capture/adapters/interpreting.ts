import * as z from "zod";
import { PROTOCOL_VERSION, type StatusReport } from "../../protocol/status-report";
import type { DeliveryStatus, Money, OrderItem, PaymentStatus, ShopStatus } from "../../domain/types";
import { orderDateProblem } from "../schema-org-order";
import type { AdapterId, Interpreted } from "./types";

/**
 * What the platform adapters' interpreters share (background side): the order number's
 * schema, building a CapturedOrder from checked fields, and status reports from what an
 * order status page shows (passive status capture: merged like a poll result, no request).
 */

export const MAX_TRADING_ID = 200;
export const MAX_NAME = 500;

/** An order number's text, trimmed (as readOrders reads schema.org's orderNumber), never empty. */
export const tradingIdTextSchema = z
  .string()
  .trim()
  .pipe(z.string().min(1, { error: "has no order number" }).max(MAX_TRADING_ID, { error: "has too long an order number" }));

/** An order number as pages give it: text or a number. */
export const tradingIdSchema = z
  .union([z.string(), z.number()], { error: "has no order number" })
  .transform(String)
  .pipe(tradingIdTextSchema);

export const itemNameSchema = z
  .string({ error: "has an item without a name" })
  .trim()
  .min(1, { error: "has an item without a name" })
  .max(MAX_NAME, { error: `has an item name longer than ${MAX_NAME} characters` });

/** A quantity as pages show it ("2", "× 2", "Qty: 2"); a line that shows none is one. */
export const quantityTextSchema = z
  .union([z.string(), z.number()])
  .nullable()
  .transform((shown) => (shown === null ? "1" : (/\d+/.exec(String(shown))?.[0] ?? "")))
  .pipe(z.string().regex(/^\d{1,7}$/, { error: "has an item quantity that is not a number" }).transform(Number))
  .pipe(z.int().min(1, { error: "has an item quantity of 0" }).max(1_000_000, { error: "has too large an item quantity" }));

export interface OrderFields {
  tradingId: string;
  shopName: string | null;
  orderDate: string;
  total: Money;
  items: OrderItem[];
}

/**
 * The order, or why it is refused (implausible date, mixed currencies). The shop's origin is
 * the page's own, always: page data must not claim to be another shop. Adapters other than
 * JSON-LD and microdata find no status endpoints on the page and no commands.
 */
export function capturedOrder(adapter: AdapterId, page: URL, now: string, fields: OrderFields): Interpreted {
  const { tradingId, shopName, orderDate, total, items } = fields;
  const dateProblem = orderDateProblem(tradingId, orderDate, now);
  if (dateProblem !== null) return { kind: "invalid", reason: dateProblem };
  const foreign = items.findIndex((item) => item.unitPrice !== null && item.unitPrice.currency !== total.currency);
  if (foreign >= 0) {
    const currency = items[foreign]?.unitPrice?.currency;
    return { kind: "invalid", reason: `Order ${tradingId}: mixed currencies (total in ${total.currency}, item ${foreign + 1} in ${currency})` };
  }
  const pageUrl = new URL(page.href);
  pageUrl.hash = "";
  const info = {
    tradingId,
    shop: { name: shopName ?? page.hostname, origin: page.origin },
    orderDate,
    items,
    total,
    endpoints: { shop: null, payment: null, delivery: null },
    commands: null,
    adapter,
    protocol: "tradewatch" as const,
    pageUrl: pageUrl.href,
    capturedAt: now,
  };
  return { kind: "order", order: { info, paymentDueAt: null, expectedDeliveryAt: null } };
}

/** A line's unit price from its line total, when the quantity divides it (integers only, never floats). */
export function unitPriceOf(lineTotal: Money | null, quantity: number): Money | null {
  if (lineTotal === null || lineTotal.minor % quantity !== 0) return null;
  return { minor: lineTotal.minor / quantity, currency: lineTotal.currency };
}

export interface PassiveStatuses {
  shop?: ShopStatus;
  payment?: PaymentStatus;
  delivery?: DeliveryStatus;
  trackingNumber?: string | null;
  carrier?: string | null;
}

/**
 * One report per source the page spoke for, as of `asOf` (the time the page was read). A
 * tracking number without a delivery status says the parcel was handed to a carrier.
 */
export function passiveReports(tradingId: string, asOf: string, statuses: PassiveStatuses): StatusReport[] {
  const common = { tradewatch: PROTOCOL_VERSION, tradingId, asOf, completedAt: null, scheduledAt: null, message: null } as const;
  const reports: StatusReport[] = [];
  if (statuses.shop) reports.push({ ...common, source: "shop", status: statuses.shop, items: null, total: null, outcome: null, returns: null });
  if (statuses.payment) {
    reports.push({ ...common, source: "payment", status: statuses.payment, amountCharged: null, charges: null, refunds: null });
  }
  const { trackingNumber = null, carrier = null } = statuses;
  const delivery = statuses.delivery ?? (trackingNumber === null ? null : "in_transit");
  if (delivery) reports.push({ ...common, source: "delivery", status: delivery, itemsDelivered: null, trackingNumber, carrier });
  return reports;
}

/** Tracking numbers and carrier names as the status protocol bounds them. */
export const trackingNumberSchema = z.string().trim().min(1).max(100).nullable().catch(null);
export const carrierSchema = z.string().trim().min(1).max(100).nullable().catch(null);
