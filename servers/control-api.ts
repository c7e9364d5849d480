import * as z from "zod";
import {
  COMMAND_NAMES,
  DELIVERY_STATUSES,
  PAYMENT_STATUSES,
  SHOP_STATUSES,
  SOURCES,
  type AnyStatus,
  type CommandName,
  type Intent,
  type Money,
  type ShopOutcome,
  type Source,
} from "../lib/domain/types";
import type { CommandReply, PersonalInfo } from "../lib/protocol/commands";
import { moneySchema, type ReportedReturn, type ShopReport } from "../lib/protocol/status-report";
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

/**
 * How the shop treats the command requests (POST /api/commands) about one order, to make the
 * situations a client must cope with. Setting a policy replaces the previous one.
 */
export const commandPolicySchema = z.strictObject({
  /** Commands refused with `message` (a prepare gets the vote "refused"); refusing confirm or cancel also refuses a prepare for it. */
  refuse: z.array(z.enum(COMMAND_NAMES)).max(COMMAND_NAMES.length).default([]),
  message: z.string().min(1).max(500).nullable().default(null),
  /** The next N requests are answered 500 before anything is done (the shop is down). */
  failNext: z.int().min(0).max(1000).default(0),
  /** The next N requests are carried out and remembered, then answered 500 (the reply is lost on the way back). */
  loseNext: z.int().min(0).max(1000).default(0),
  /** Confirm, cancel and commit are answered "accepted"; the outcome follows with the control action complete-outcome. */
  defer: z.boolean().default(false),
});
export type CommandPolicy = z.infer<typeof commandPolicySchema>;
export type CommandPolicyInput = z.input<typeof commandPolicySchema>;

const returnId = z.string().min(1).max(200);

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
  z.strictObject({ action: z.literal("command-policy"), ...commandPolicySchema.shape }),
  z.strictObject({ action: z.literal("complete-outcome") }),
  z.strictObject({ action: z.literal("receive-return"), returnId }),
  z.strictObject({ action: z.literal("refund-return"), returnId, at: isoDateTime.optional() }),
]);
export type ControlAction = z.infer<typeof controlActionSchema>;
/** What a client sends: fields with defaults may be left out. */
export type ControlActionInput = z.input<typeof controlActionSchema>;
export type ControlActionName = ControlAction["action"];

export const CONTROL_ACTIONS: readonly ControlActionName[] = controlActionSchema.options.map(
  (option) => option.shape.action.value,
);

/** The actions about commands and returns: they may instruct the payment and delivery servers (servers/commands.ts). */
export const COMMAND_CONTROL_ACTIONS = ["command-policy", "complete-outcome", "receive-return", "refund-return"] as const;
export type CommandControlAction = Extract<ControlAction, { action: (typeof COMMAND_CONTROL_ACTIONS)[number] }>;
export type OrderControlAction = Exclude<ControlAction, CommandControlAction>;

export function isCommandControl(action: ControlAction): action is CommandControlAction {
  return (COMMAND_CONTROL_ACTIONS as readonly string[]).includes(action.action);
}

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
  /** The shop's completion notice (status reports' `outcome`). */
  outcome: ShopOutcome | null;
  returns: ReportedReturn[];
  /** The all-or-nothing transaction the order is held for since its prepare; kept after `expiresAt` until another takes it. */
  hold: { transactionId: string; intent: Intent; expiresAt: string } | null;
  /** A finalisation answered "accepted" (policy `defer`) and not carried out yet. */
  deferred: Intent | null;
  commandPolicy: CommandPolicy;
}

/** `GET /control/orders/<id>/commands`: one command request the shop received about the order. */
export interface ReceivedCommand {
  at: string;
  command: CommandName;
  idempotencyKey: string;
  /** For prepare, commit and abort. */
  transactionId: string | null;
  /** The personal information the request carried; null when it carried none. */
  personalInfo: PersonalInfo | null;
  /** 200, or 422 (key used before for another command or order), 500 (command policy), 502 (payment or delivery server failed). */
  httpStatus: number;
  /** The result of the reply sent or remembered; null when no reply was made. */
  result: CommandReply["result"] | null;
  /** Answered from the idempotency record: the key was seen before and nothing was done again. */
  replayed: boolean;
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

export interface CommandCounts {
  /** Valid command requests received (POST /api/commands), repeats included. */
  received: number;
  /** Of those, the ones answered from the idempotency record (a key seen before). */
  replayed: number;
  /** Of those, the ones answered with an HTTP error (422, a policy's 500, 502). */
  failed: number;
  /** Requests per idempotency key. */
  byKey: Record<string, number>;
}

/** `GET /control/stats`: status and command requests since the servers started. */
export interface StatusStats {
  total: RequestCounts;
  bySource: Record<Source, RequestCounts>;
  byOrder: Record<string, Record<Source, RequestCounts>>;
  commands: Record<CommandName, CommandCounts>;
}
