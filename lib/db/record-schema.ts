import * as z from "zod";
import { tradeKey } from "../domain/trade-key";
import {
  COMMAND_NAMES,
  DELIVERY_STATUSES,
  HISTORY_KINDS,
  INTENTS,
  PERSONAL_FIELDS,
  RETURN_STATUSES,
  SHOP_OUTCOMES,
  TRADE_STATES,
  TRANSITION_CAUSES,
  PAYMENT_STATUSES,
  SHOP_STATUSES,
  SOURCES,
  WARNING_CODES,
} from "../domain/types";
import { TRADE_FILTERS } from "../domain/views";
import { ADAPTER_IDS } from "../capture/adapters/types";
import { moneySchema } from "../protocol/status-report";

/**
 * A trade exactly as IndexedDB stores it (lib/domain/types.ts), as a zod schema. Used where
 * records come from outside the running code: imported backups, the upgrade fixtures, and
 * the checks that a killed worker left no partial record. Strict everywhere: a field the
 * code does not write is a sign of tampering or of a record from another version.
 */

/**
 * Accepted with any offset, kept in UTC as the code writes it: the schedule indexes and dueTrades
 * compare instants as strings, which only orders them in one offset.
 */
const instant = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value).toISOString())
  .pipe(z.iso.datetime());
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

const tradingInfoV1Schema = z.strictObject({
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

/** One source's state as version 1 stored it; `statuses` is that source's vocabulary (a shop cannot be "refunded"). */
function sourceStateV1Schema<const S extends readonly [string, ...string[]]>(statuses: S) {
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

/** A trade as DB version 1 stored it (backups of that version are upgraded on import). */
const tradeV1Fields = {
  id: z.string(),
  info: tradingInfoV1Schema,
  processing: z.strictObject({
    shop: sourceStateV1Schema(SHOP_STATUSES),
    payment: sourceStateV1Schema(PAYMENT_STATUSES),
    delivery: sourceStateV1Schema(DELIVERY_STATUSES),
  }),
  warnings: z.array(warningSchema),
  history: z.array(historyEntrySchema),
  nextCheckAt: instant.optional(),
};

// Version 2 (the transaction manager): commands announced, the shop's outcome, lifecycle, returns, disclosures, reorder link.
const shopCommandsSchema = z.strictObject({
  url: webUrl,
  supports: z.array(z.enum(COMMAND_NAMES)).min(1).max(COMMAND_NAMES.length),
});

/** A source's state since version 2: the shop's outcome; the announced next change, statusSince and notBefore are optional (older records lack them). */
function sourceStateV2Schema<const S extends readonly [string, ...string[]]>(statuses: S) {
  return sourceStateV1Schema(statuses).extend({
    outcome: z.enum(SHOP_OUTCOMES).nullable(),
    nextChange: z.strictObject({ status: z.enum(statuses), from: instant, until: instant }).nullable().optional(),
    statusSince: instant.nullable().optional(),
    notBefore: instant.nullable().optional(),
  });
}

const transitionSchema = z.strictObject({
  at: instant,
  from: z.enum(TRADE_STATES).nullable(),
  to: z.enum(TRADE_STATES),
  cause: z.enum(TRANSITION_CAUSES),
  text: z.string(),
});

const lifecycleSchema = z.strictObject({
  state: z.enum(TRADE_STATES),
  since: instant,
  pending: z
    .strictObject({
      intent: z.enum(INTENTS),
      by: z.enum(["user", "collective", "auto-cancel"]),
      commandedAt: instant,
      commandKey: z.string().min(1).max(100).nullable(),
      collectiveId: z.string().min(1).max(100).nullable(),
      deadline: instant,
      resends: count,
    })
    .nullable(),
  overdueSince: instant.nullable(),
  transitions: z.array(transitionSchema).min(1).max(10_000),
});

const returnItemSchema = z.strictObject({ sku: text(200).nullable(), name: text(500).min(1), quantity: z.int().min(1).max(1_000_000) });

const returnRequestSchema = z.strictObject({
  key: z.string().min(1).max(100),
  shopReturnId: text(200).min(1).nullable(),
  requestedAt: instant,
  items: z.array(returnItemSchema).min(1).max(1000),
  reason: text(500).min(1),
  status: z.enum(RETURN_STATUSES),
  refundDueBy: instant.nullable(),
  refundAmount: moneySchema.nullable(),
  message: text(500).nullable(),
});

const disclosureSchema = z.strictObject({
  at: instant,
  to: origin,
  fields: z.array(z.enum(PERSONAL_FIELDS)).min(1).max(PERSONAL_FIELDS.length),
  command: z.enum(["confirm", "commit"]),
  collectiveId: z.string().min(1).max(100).nullable(),
});

const tradeV2Fields = {
  ...tradeV1Fields,
  info: tradingInfoV1Schema.extend({
    commands: shopCommandsSchema.nullable(),
    adapter: z.enum(ADAPTER_IDS),
    protocol: z.enum(["tradewatch", "vendure"]),
  }),
  processing: z.strictObject({
    shop: sourceStateV2Schema(SHOP_STATUSES),
    payment: sourceStateV2Schema(PAYMENT_STATUSES),
    delivery: sourceStateV2Schema(DELIVERY_STATUSES),
  }),
  lifecycle: lifecycleSchema,
  returns: z.array(returnRequestSchema).max(100),
  disclosures: z.array(disclosureSchema).max(1000),
  reorderOf: z.string().min(1).max(2200).nullable(),
  notice: text(500).min(1).nullable(),
};

interface Keyed {
  id: string;
  info: { shop: { origin: string }; tradingId: string };
  processing: Record<string, { nextCheckAt: string | null }>;
  nextCheckAt?: string | undefined;
}

/** What every version's records must hold: the key and the schedule index agree with the record. */
function consistencyIssues(trade: Keyed): { message: string; input: unknown; path: string[] }[] {
  const issues = [];
  if (trade.id !== tradeKey(trade.info.shop.origin, trade.info.tradingId)) {
    issues.push({ message: "id does not match the shop origin and trading identifier", input: trade.id, path: ["id"] });
  }
  // The schedule index reads Trade.nextCheckAt: a record where it disagrees with its sources is half-written.
  if (trade.nextCheckAt !== earliestCheck(trade.processing)) {
    issues.push({ message: "nextCheckAt is not the earliest check of its sources", input: trade.nextCheckAt, path: ["nextCheckAt"] });
  }
  return issues;
}

export const tradeRecordV1Schema = z.strictObject(tradeV1Fields).check((ctx) => {
  for (const issue of consistencyIssues(ctx.value)) ctx.issues.push({ code: "custom", ...issue });
});

export const tradeRecordSchema = z
  .strictObject(tradeV2Fields)
  .check((ctx) => {
    for (const issue of consistencyIssues(ctx.value)) ctx.issues.push({ code: "custom", ...issue });
    const { lifecycle } = ctx.value;
    if (lifecycle.transitions.at(-1)?.to !== lifecycle.state) {
      ctx.issues.push({ code: "custom", message: "the lifecycle state is not where its last transition led", input: lifecycle.state, path: ["lifecycle", "state"] });
    }
  });

export type TradeRecord = z.infer<typeof tradeRecordSchema>;

/** A trade's row in the summaries store as version 5 writes it (lib/domain/summary.ts). */
export const summaryRowSchema = z.strictObject({
  id: z.string(),
  tradingId: text(200).min(1),
  shopOrigin: origin,
  shopName: text(500),
  orderDate: instant,
  state: z.enum(TRADE_STATES),
  stateSince: instant,
  total: moneySchema,
  itemText: z.string(),
  itemCount: count,
  rank: z.int(),
  delivery: z.enum(["delivered", "undelivered"]),
  attention: z.literal(1).optional(),
  unfinished: z.literal(1).optional(),
});

const tally = <const K extends readonly [string, ...string[]]>(keys: K) => z.strictObject(Object.fromEntries(keys.map((key) => [key, count])) as Record<K[number], typeof count>);

/** The ledger's totals record (lib/domain/ledger-totals.ts), from version 3. */
export const totalsRecordSchema = z.strictObject({
  id: z.literal("ledger"),
  filters: tally(TRADE_FILTERS),
  states: tally(TRADE_STATES),
});

export { firstProblem } from "../zod-problem";
