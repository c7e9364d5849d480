import * as z from "zod";
import { DELIVERY_STATUSES, PAYMENT_STATUSES, RETURN_STATUSES, SHOP_OUTCOMES, SHOP_STATUSES } from "../domain/types";
import { isCurrencyCode } from "../domain/money";

/**
 * The TradeWatch status protocol, version 1: what a shop, payment or delivery status
 * endpoint answers to `GET <endpoint>?tradingId=<id>&at=<ISO time>` (seed 002 claims 3, 4,
 * 12–14, 16, 24). These schemas are the source of truth for docs/protocol.md.
 */

export const PROTOCOL_VERSION = 1;

const isoDateTime = z.iso.datetime({ offset: true });

export const moneySchema = z.strictObject({
  minor: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  currency: z.string().refine(isCurrencyCode, { error: "not an ISO 4217 currency code" }),
});

/**
 * A source's announcement of its next status change: it expects to report `status` between
 * `from` and `until` ("ships between 16:00 and 18:00", "delivery between 10:00 and 12:00").
 * TradeWatch sleeps until the window opens and asks often within it (docs/scheduling.md).
 * Optional: a source that cannot name a window leaves it out.
 */
function nextChangeSchema<const S extends readonly [string, ...string[]]>(statuses: S) {
  return z
    .object({ status: z.enum(statuses), from: isoDateTime, until: isoDateTime })
    .refine((window) => Date.parse(window.from) <= Date.parse(window.until), { error: "until is before from" })
    .nullable()
    .optional();
}

const common = {
  tradewatch: z.literal(PROTOCOL_VERSION),
  tradingId: z.string().min(1).max(200),
  /** The time the status describes: the `at` asked for, or the latest known before it. */
  asOf: isoDateTime,
  completedAt: isoDateTime.nullable().default(null),
  scheduledAt: isoDateTime.nullable().default(null),
  message: z.string().max(500).nullable().default(null),
};

export const itemQuantitySchema = z.object({
  sku: z.string().max(200).nullable().default(null),
  name: z.string().max(500).nullable().default(null),
  quantity: z.int().min(0).max(1_000_000),
});

/** An order line as the shop reports it now (to notice contents changed after capture). */
export const reportedItemSchema = z.object({
  sku: z.string().max(200).nullable().default(null),
  name: z.string().min(1).max(500),
  quantity: z.int().min(1).max(1_000_000),
  unitPrice: moneySchema.nullable().default(null),
});

/** A return as the shop reports it. */
export const reportedReturnSchema = z.object({
  returnId: z.string().min(1).max(200),
  status: z.enum(RETURN_STATUSES).exclude(["requesting", "failed"]),
  refundAmount: moneySchema.nullable().default(null),
  refundDueBy: isoDateTime.nullable().default(null),
});
export type ReportedReturn = z.infer<typeof reportedReturnSchema>;

export const refundSchema = z.object({ amount: moneySchema, at: isoDateTime });

export const shopReportSchema = z.object({
  ...common,
  source: z.literal("shop"),
  status: z.enum(SHOP_STATUSES),
  items: z.array(reportedItemSchema).max(1000).nullable().default(null),
  total: moneySchema.nullable().default(null),
  /** The shop's final word (its completion notice): "completed" once confirmed, "failed" once cancelled. */
  outcome: z.enum(SHOP_OUTCOMES).nullable().default(null),
  /** Returns the customer asked for, and how far each has got (command protocol `return`). */
  returns: z.array(reportedReturnSchema).max(100).nullable().default(null),
  nextChange: nextChangeSchema(SHOP_STATUSES),
});

export const paymentReportSchema = z.object({
  ...common,
  source: z.literal("payment"),
  status: z.enum(PAYMENT_STATUSES),
  amountCharged: moneySchema.nullable().default(null),
  /** Every charge taken; their sum is what was charged in all. */
  charges: z.array(moneySchema).max(100).nullable().default(null),
  refunds: z.array(refundSchema).max(100).nullable().default(null),
  nextChange: nextChangeSchema(PAYMENT_STATUSES),
});

export const deliveryReportSchema = z.object({
  ...common,
  source: z.literal("delivery"),
  status: z.enum(DELIVERY_STATUSES),
  itemsDelivered: z.array(itemQuantitySchema).max(1000).nullable().default(null),
  trackingNumber: z.string().max(100).nullable().default(null),
  carrier: z.string().max(100).nullable().default(null),
  nextChange: nextChangeSchema(DELIVERY_STATUSES),
});

export const statusReportSchema = z.discriminatedUnion("source", [
  shopReportSchema,
  paymentReportSchema,
  deliveryReportSchema,
]);

export type ShopReport = z.infer<typeof shopReportSchema>;
export type PaymentReport = z.infer<typeof paymentReportSchema>;
export type DeliveryReport = z.infer<typeof deliveryReportSchema>;
export type StatusReport = z.infer<typeof statusReportSchema>;
/** What a server writes: defaults may be left out. */
export type StatusReportInput = z.input<typeof statusReportSchema>;

/** Builds the request URL for a status endpoint (claims 3–4: identifier and wanted time). */
export function statusRequestUrl(endpoint: string, tradingId: string, at: string): string {
  const url = new URL(endpoint);
  url.searchParams.set("tradingId", tradingId);
  url.searchParams.set("at", at);
  return url.href;
}
