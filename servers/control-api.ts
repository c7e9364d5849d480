import * as z from "zod";
import {
  DELIVERY_STATUSES,
  PAYMENT_STATUSES,
  SHOP_STATUSES,
  SOURCES,
  type AnyStatus,
  type Money,
  type Source,
} from "../lib/domain/types";
import { moneySchema, type ShopReport } from "../lib/protocol/status-report";
import { PRODUCTS, SHOP_CURRENCY } from "./catalog";

/**
 * The control interface of the reference servers (on the shop server): request bodies and
 * answers, shared by the server and the control client.
 */

export const FAULT_KINDS = ["none", "wrong-id", "malformed", "http-500", "slow", "rate-limit"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Real milliseconds a "slow" answer waits when no delay is given: longer than a client should wait. */
export const DEFAULT_SLOW_MS = 15_000;
/** What a "rate-limit" answer's Retry-After says when no value is given. */
export const DEFAULT_RETRY_AFTER_SECONDS = 60;

/** Each source's status vocabulary, to refuse forcing a status the source does not have. */
export const STATUSES_OF: Readonly<Record<Source, readonly AnyStatus[]>> = {
  shop: SHOP_STATUSES,
  payment: PAYMENT_STATUSES,
  delivery: DELIVERY_STATUSES,
};
const ANY_STATUS = [...new Set<AnyStatus>([...SHOP_STATUSES, ...PAYMENT_STATUSES, ...DELIVERY_STATUSES])];

const isoDateTime = z.iso.datetime({ offset: true });

export const deliveredItemSchema = z.strictObject({
  sku: z.string().min(1).max(200),
  quantity: z.int().min(0).max(1_000_000),
});
export type DeliveredItem = z.infer<typeof deliveredItemSchema>;

/** One line of the contents a shop changes an order to; the price defaults to the line's current one. */
export const contentLineSchema = z.strictObject({
  sku: z.string().refine((sku) => PRODUCTS.some((product) => product.sku === sku), { error: "not a product of this shop" }),
  quantity: z.int().min(1).max(1_000_000),
  // One currency per shop keeps the recomputed total a plain sum.
  unitPrice: moneySchema.refine((money) => money.currency === SHOP_CURRENCY, { error: `the shop sells in ${SHOP_CURRENCY}` }).optional(),
});
export type ContentLine = z.infer<typeof contentLineSchema>;

/** One action on one order; `action` comes from the route, the rest from the JSON body. */
export const controlActionSchema = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("authorize") }),
  z.strictObject({ action: z.literal("settle"), amount: moneySchema.optional() }),
  z.strictObject({ action: z.literal("charge"), amount: moneySchema.optional() }),
  z.strictObject({ action: z.literal("fail-payment") }),
  z.strictObject({ action: z.literal("refund"), amount: moneySchema.optional() }),
  z.strictObject({
    action: z.literal("ship"),
    trackingNumber: z.string().min(1).max(100).optional(),
    carrier: z.string().min(1).max(100).optional(),
  }),
  z.strictObject({ action: z.literal("deliver"), items: z.array(deliveredItemSchema).min(1).max(1000).optional() }),
  z.strictObject({ action: z.literal("return") }),
  z.strictObject({ action: z.literal("cancel") }),
  z
    .strictObject({ action: z.literal("change-contents"), items: z.array(contentLineSchema).min(1).max(1000) })
    .refine((body) => new Set(body.items.map((item) => item.sku)).size === body.items.length, {
      error: "each sku may appear once",
      path: ["items"],
    }),
  z
    .strictObject({ action: z.literal("set-status"), source: z.enum(SOURCES), status: z.enum(ANY_STATUS) })
    .refine((body) => STATUSES_OF[body.source].includes(body.status), {
      error: "not a status of that source",
      path: ["status"],
    }),
  z.strictObject({ action: z.literal("schedule"), source: z.enum(SOURCES), scheduledAt: isoDateTime }),
  z
    .strictObject({
      action: z.literal("fault"),
      source: z.enum(SOURCES),
      kind: z.enum(FAULT_KINDS),
      delayMs: z.int().min(0).max(600_000).optional(),
      retryAfterSeconds: z.int().min(0).max(86_400).optional(),
    })
    .refine((body) => body.delayMs === undefined || body.kind === "slow", {
      error: "delayMs only applies to the slow fault",
      path: ["delayMs"],
    })
    .refine((body) => body.retryAfterSeconds === undefined || body.kind === "rate-limit", {
      error: "retryAfterSeconds only applies to the rate-limit fault",
      path: ["retryAfterSeconds"],
    }),
]);
export type ControlAction = z.infer<typeof controlActionSchema>;
export type ControlActionName = ControlAction["action"];

export const CONTROL_ACTIONS: readonly ControlActionName[] = controlActionSchema.options.map(
  (option) => option.shape.action.value,
);

export const clockBodySchema = z.union([
  z.strictObject({ now: isoDateTime }),
  z.strictObject({ advanceMs: z.int().min(-1e12).max(1e12) }),
]);
export type ClockBody = z.infer<typeof clockBodySchema>;

/** An order line as the shop holds it now. */
export type ShopItem = NonNullable<ShopReport["items"]>[number];

/** One order as the control interface lists it: each server's current status (null: it has no record). */
export interface ControlOrder {
  tradingId: string;
  orderDate: string;
  /** The contents and total as the shop holds them now (they differ from the order after change-contents). */
  items: ShopItem[];
  total: Money;
  status: Record<Source, AnyStatus | null>;
  faults: Record<Source, FaultKind>;
}

export interface ClockAnswer {
  now: string;
}

export interface RequestCounts {
  /** Status requests received (GET with a trading identifier), whatever the answer. */
  requests: number;
  /** Of those, the ones answered 304 Not Modified. */
  notModified: number;
}

/** `GET /control/stats`: status requests since the servers started. */
export interface StatusStats {
  total: RequestCounts;
  bySource: Record<Source, RequestCounts>;
  byOrder: Record<string, Record<Source, RequestCounts>>;
}
