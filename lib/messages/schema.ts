import * as z from "zod";
import { MAX_JSON_LD_BLOCKS, MAX_JSON_LD_CHARS } from "../capture/json-ld-blocks";
import { ADAPTER_IDS, MAX_READING_CHARS, MAX_READINGS, type Diagnostic } from "../capture/adapters/types";
import type { BadgeContent } from "../capture/badge-content";
import { commandItemSchema } from "../protocol/commands";
import { moneySchema } from "../protocol/status-report";
import { INTENTS, SOURCES, WARNING_CODES, type Money, type ReturnStatus, type TradeState } from "../domain/types";

/**
 * Every runtime message TradeWatch sends. The background validates each one with these
 * schemas and checks who sent it (lib/background/messages.ts); anything else is refused.
 */

export const diagnosticSchema = z.strictObject({
  adapter: z.enum(ADAPTER_IDS),
  page: z.string().max(2000),
  matched: z.record(z.string().max(100), z.int().min(0).max(100_000)),
  missing: z.array(z.string().max(100)).max(50),
  version: z.string().max(50),
});

/**
 * What one adapter read on the page (lib/capture/adapters/types.ts PageReading). `raw` is
 * bounded here and validated by the adapter's own interpreter.
 */
export const pageReadingSchema = z.discriminatedUnion("kind", [
  z.strictObject({ adapter: z.enum(ADAPTER_IDS), kind: z.enum(["order", "status"]), raw: z.unknown() }),
  z.strictObject({ adapter: z.enum(ADAPTER_IDS), kind: z.literal("broken"), diagnostic: diagnosticSchema }),
]);

/**
 * What the capture script (stage two) found on a shop page: the JSON-LD texts that mention an
 * Order, and what the platform adapters read; parsed and validated in the background.
 */
export const captureMessageSchema = z.strictObject({
  type: z.literal("capture"),
  blocks: z.array(z.string().max(MAX_JSON_LD_CHARS)).max(MAX_JSON_LD_BLOCKS),
  readings: z
    .array(pageReadingSchema)
    .max(MAX_READINGS)
    .refine((readings) => JSON.stringify(readings).length <= MAX_READING_CHARS, { error: "readings too large" })
    .default([]),
});

/** The popup asks for every open trade to be checked now. */
export const checkNowMessageSchema = z.strictObject({ type: z.literal("check-now") });

/** A trade's key: "<shop origin> <trading identifier>" (origins and identifiers are bounded). */
const tradeIdSchema = z.string().min(1).max(2200);

/** The popup asks for one trade to be checked now. */
export const checkTradeMessageSchema = z.strictObject({ type: z.literal("check-trade"), tradeId: tradeIdSchema });

/** The popup mutes one warning of one trade. */
export const acknowledgeWarningMessageSchema = z.strictObject({
  type: z.literal("acknowledge-warning"),
  tradeId: tradeIdSchema,
  code: z.enum(WARNING_CODES),
  source: z.enum(SOURCES),
});

/** The options page replaced the ledger from a backup: the background re-reads it (badge, schedule). */
export const ledgerImportedMessageSchema = z.strictObject({ type: z.literal("ledger-imported") });

/** The popup finalises one trade: confirm (completion) or cancel (failure), relayed to its shop (seed 000 claim 9). */
export const finaliseMessageSchema = z.strictObject({
  type: z.literal("finalise"),
  tradeId: tradeIdSchema,
  intent: z.enum(INTENTS),
});

/** The popup finalises several open trades, possibly at several shops, all or nothing (seed 000 claims 2–3). */
export const collectiveMessageSchema = z.strictObject({
  type: z.literal("collective"),
  tradeIds: z.array(tradeIdSchema).min(2).max(50),
  intent: z.enum(INTENTS),
});

/** The popup asks the shop to take back some delivered items (seed 002 claim 9). */
export const returnMessageSchema = z.strictObject({
  type: z.literal("return"),
  tradeId: tradeIdSchema,
  items: z.array(commandItemSchema).min(1).max(1000),
  reason: z.string().trim().min(1).max(500),
});

/** The popup orders (part of) a trade's items again at its shop (seed 002 claim 10). */
export const reorderMessageSchema = z.strictObject({
  type: z.literal("reorder"),
  tradeId: tradeIdSchema,
  items: z.array(commandItemSchema).min(1).max(1000),
});

/** The welcome page adds the one sample order (lib/background/welcome.ts), in the currency the user chose there. */
export const addSampleOrderMessageSchema = z.strictObject({
  type: z.literal("add-sample-order"),
  currency: moneySchema.shape.currency,
});

/** The welcome page removes the sample order again; no other order can be removed this way. */
export const removeSampleOrderMessageSchema = z.strictObject({ type: z.literal("remove-sample-order") });

export const messageSchema = z.discriminatedUnion("type", [
  captureMessageSchema,
  checkNowMessageSchema,
  checkTradeMessageSchema,
  acknowledgeWarningMessageSchema,
  ledgerImportedMessageSchema,
  finaliseMessageSchema,
  collectiveMessageSchema,
  returnMessageSchema,
  reorderMessageSchema,
  addSampleOrderMessageSchema,
  removeSampleOrderMessageSchema,
]);

export type Message = z.infer<typeof messageSchema>;
export type CaptureMessage = z.infer<typeof captureMessageSchema>;

export interface TradeBrief {
  tradingId: string;
  warnings: string[];
}

export type CaptureReply =
  | { kind: "tracked"; created: boolean; trades: TradeBrief[] }
  | { kind: "not-an-order" }
  /**
   * A checkout page: its total, and how many spending limits that total would push over. Their
   * figures are never sent to the page, whose own scripts can read its badge: the tab's toolbar
   * button shows them (lib/background/messages.ts).
   */
  | { kind: "checkout"; total: Money; overLimits: number }
  | { kind: "invalid"; reasons: string[] }
  /** An adapter recognised its platform's page but could not read it: said loudly, nothing stored. */
  | { kind: "broken"; message: string; diagnostic: Diagnostic }
  /** Statuses read on an order status page were merged into these trades (no request made). */
  | { kind: "statuses"; trades: TradeBrief[] };

/**
 * The answer to a capture: its outcome, and the page badge that says it, composed in the
 * background (lib/capture/badge-content.ts), so that the page needs no texts of its own.
 */
export type CaptureAnswer = CaptureReply & { badge: BadgeContent | null };

export interface CheckNowReply {
  checked: number;
}

export interface AcknowledgeReply {
  /** False when there was no such warning (already gone, or the trade was removed). */
  acknowledged: boolean;
}

export type ErrorReply = { error: string };

/** Where the trade is once the command was handled (its shop may still be answering: "finalising"). */
export interface FinaliseReply {
  state: TradeState;
  /** The shop's words, when it answered at once (why it refused, its completion notice). */
  message: string | null;
}

export interface CollectiveReply {
  /** The collective transaction's id: its progress is read from IndexedDB (store "collectives"). */
  collectiveId: string;
}

export interface ReturnReply {
  /** The return's status once the shop answered (or "requesting" while it is being retried). */
  status: ReturnStatus;
  message: string | null;
}

export interface ReorderReply {
  /** The new trade's id, once the shop placed the order; null while the request is being retried. */
  tradeId: string | null;
  message: string | null;
}

export interface AddSampleOrderReply {
  tradeId: string;
  /** False when the sample was there already. */
  created: boolean;
}

export interface RemoveSampleOrderReply {
  /** False when there was no sample to remove. */
  removed: boolean;
}

export interface Replies {
  capture: CaptureAnswer;
  "check-now": CheckNowReply;
  "check-trade": CheckNowReply;
  "acknowledge-warning": AcknowledgeReply;
  finalise: FinaliseReply;
  collective: CollectiveReply;
  return: ReturnReply;
  reorder: ReorderReply;
  "add-sample-order": AddSampleOrderReply;
  "remove-sample-order": RemoveSampleOrderReply;
}
