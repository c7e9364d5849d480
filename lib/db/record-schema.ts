import * as z from "zod";
import { tradeKey } from "../domain/trade";
import {
  DELIVERY_STATUSES,
  HISTORY_KINDS,
  PAYMENT_STATUSES,
  SHOP_STATUSES,
  SOURCES,
  WARNING_CODES,
} from "../domain/types";
import { moneySchema } from "../protocol/status-report";

/**
 * A trade exactly as IndexedDB stores it (lib/domain/types.ts), as a zod schema. Used where
 * records come from outside the running code: imported backups, the upgrade fixtures, and
 * the checks that a killed worker left no partial record. Strict everywhere: a field the
 * code does not write is a sign of tampering or of a record from another version.
 */

const instant = z.iso.datetime({ offset: true });
const text = (max: number) => z.string().max(max);

/** An origin as URL.origin writes it: scheme, host and port only. */
const origin = z.string().refine((value) => URL.parse(value)?.origin === value && /^https?:/.test(value), {
  error: "is not a web origin",
});
const webUrl = z.url({ protocol: /^https?$/ });

const orderItemSchema = z.strictObject({
  name: text(500).min(1),
  sku: text(200).nullable(),
  quantity: z.int().min(1).max(1_000_000),
  unitPrice: moneySchema.nullable(),
});

const itemQuantitySchema = z.strictObject({
  sku: text(200).nullable(),
  name: text(500).nullable(),
  quantity: z.int().min(0).max(1_000_000),
});

const tradingInfoSchema = z.strictObject({
  tradingId: text(200).min(1),
  shop: z.strictObject({ name: text(500), origin }),
  orderDate: instant,
  items: z.array(orderItemSchema).min(1).max(1000),
  total: moneySchema,
  endpoints: z.strictObject({ shop: webUrl.nullable(), payment: webUrl.nullable(), delivery: webUrl.nullable() }),
  pageUrl: webUrl,
  capturedAt: instant,
});

const count = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

/** One source's state; `statuses` is that source's vocabulary (a shop cannot be "refunded"). */
function sourceStateSchema<const S extends readonly [string, ...string[]]>(statuses: S) {
  const status = z.enum(statuses);
  return z.strictObject({
    status: status.nullable(),
    completedAt: instant.nullable(),
    scheduledAt: instant.nullable(),
    amountCharged: moneySchema.nullable(),
    itemsDelivered: z.array(itemQuantitySchema).max(1000).nullable(),
    trackingNumber: text(100).nullable(),
    asOf: instant.nullable(),
    lastCheckedAt: instant.nullable(),
    lastError: z.strictObject({ message: z.string(), at: instant }).nullable(),
    foreignTradingId: text(200).min(1).nullable(),
    nextCheckAt: instant.nullable(),
    failures: count,
    unchanged: count,
    lastChangedAt: instant.nullable(),
    etag: z.string().nullable(),
    lastModified: z.string().nullable(),
    charges: z.array(moneySchema).max(100).nullable(),
    refunds: z.array(z.strictObject({ amount: moneySchema, at: instant })).max(100).nullable(),
    reportedItems: z.array(orderItemSchema).max(1000).nullable(),
    reportedTotal: moneySchema.nullable(),
    carrier: text(100).nullable(),
    regressedFrom: status.nullable(),
  });
}

const sourceSchema = z.enum(SOURCES as readonly ["shop", "payment", "delivery"]);
const warningCodeSchema = z.enum(WARNING_CODES);

const warningSchema = z.strictObject({
  code: warningCodeSchema,
  source: sourceSchema,
  message: z.string().min(1),
  firstSeenAt: instant,
  acknowledgedAt: instant.nullable(),
});

const historyEntrySchema = z.strictObject({
  at: instant,
  kind: z.enum(HISTORY_KINDS),
  source: sourceSchema.nullable(),
  code: warningCodeSchema.nullable(),
  text: z.string(),
});

/** The earliest of the sources' next checks, as Trade.nextCheckAt must hold it. */
function earliestCheck(processing: Record<string, { nextCheckAt: string | null }>): string | undefined {
  let earliest: string | undefined;
  for (const { nextCheckAt } of Object.values(processing)) {
    if (nextCheckAt !== null && (earliest === undefined || Date.parse(nextCheckAt) < Date.parse(earliest))) {
      earliest = nextCheckAt;
    }
  }
  return earliest;
}

export const tradeRecordSchema = z
  .strictObject({
    id: z.string(),
    info: tradingInfoSchema,
    processing: z.strictObject({
      shop: sourceStateSchema(SHOP_STATUSES),
      payment: sourceStateSchema(PAYMENT_STATUSES),
      delivery: sourceStateSchema(DELIVERY_STATUSES),
    }),
    warnings: z.array(warningSchema),
    history: z.array(historyEntrySchema),
    nextCheckAt: instant.optional(),
  })
  .check((ctx) => {
    const trade = ctx.value;
    if (trade.id !== tradeKey(trade.info.shop.origin, trade.info.tradingId)) {
      ctx.issues.push({ code: "custom", message: "id does not match the shop origin and trading identifier", input: trade.id, path: ["id"] });
    }
    // The schedule index reads Trade.nextCheckAt: a record where it disagrees with its sources is half-written.
    if (trade.nextCheckAt !== earliestCheck(trade.processing)) {
      ctx.issues.push({ code: "custom", message: "nextCheckAt is not the earliest check of its sources", input: trade.nextCheckAt, path: ["nextCheckAt"] });
    }
  });

export type TradeRecord = z.infer<typeof tradeRecordSchema>;

/** The first problem zod found, in one line ("processing.payment.amountCharged.minor: …"). */
export function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const path = issue.path.join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}
