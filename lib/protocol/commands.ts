import * as z from "zod";
import { INTENTS } from "../domain/types";
import { moneySchema } from "./status-report";

/**
 * The TradeWatch command protocol, version 1 (seed 000 claims 2–4, 9; seed 002 claims 9–10):
 * what the extension POSTs to a shop's command endpoint and what the shop answers. The
 * confirmation page announces the endpoint and the commands the shop supports. These schemas
 * are the source of truth for docs/protocol.md.
 *
 * Every request carries an idempotency key: a shop that sees a key again answers what it
 * answered the first time and does nothing more, so a request may always be sent again.
 */

export const COMMAND_PROTOCOL_VERSION = 1;

/** The JSON-LD `potentialAction` a confirmation page uses to announce the command endpoint. */
export const COMMANDS_ACTION_NAME = "TradeWatch commands";
/** Property of that action listing the supported commands (a JSON array of COMMAND_NAMES). */
export const COMMANDS_SUPPORTED_PROPERTY = "tradewatchCommands";

const isoDateTime = z.iso.datetime({ offset: true });
const key = z.string().min(8).max(100);
const tradingId = z.string().min(1).max(200);

export const commandItemSchema = z.strictObject({
  sku: z.string().max(200).nullable(),
  name: z.string().min(1).max(500),
  quantity: z.int().min(1).max(1_000_000),
});

/** Sent only in the commit of a completion (confirm, or commit with intent "complete"). */
export const personalInfoSchema = z.strictObject({
  name: z.string().min(1).max(200),
  address: z.string().min(1).max(1000),
  email: z.email().max(320),
});
export type PersonalInfo = z.infer<typeof personalInfoSchema>;

const envelope = {
  tradewatch: z.literal(COMMAND_PROTOCOL_VERSION),
  tradingId,
  idempotencyKey: key,
};

export const commandRequestSchema = z.discriminatedUnion("command", [
  /** Finalise completion of one trade (confirm receipt): the shop closes the order. */
  z.strictObject({ ...envelope, command: z.literal("confirm"), personalInfo: personalInfoSchema.nullable() }),
  /** Finalise failure of one trade: the shop cancels it. */
  z.strictObject({ ...envelope, command: z.literal("cancel"), reason: z.string().max(500).nullable() }),
  /** All or nothing, phase one: can the shop finalise this trade in `intent`'s direction? It holds it until commit or abort. */
  z.strictObject({ ...envelope, command: z.literal("prepare"), transactionId: key, intent: z.enum(INTENTS) }),
  /** Phase two after every shop voted ready. Personal information only when intent is "complete". */
  z.strictObject({
    ...envelope,
    command: z.literal("commit"),
    transactionId: key,
    intent: z.enum(INTENTS),
    personalInfo: personalInfoSchema.nullable(),
  }),
  /** Phase two when any shop could not: release what prepare held. Also sent when unsure whether prepare arrived. */
  z.strictObject({ ...envelope, command: z.literal("abort"), transactionId: key }),
  z.strictObject({
    ...envelope,
    command: z.literal("return"),
    items: z.array(commandItemSchema).min(1).max(1000),
    reason: z.string().min(1).max(500),
  }),
  /** A new order of (part of) the trade's items; the answer carries the new order's JSON-LD. */
  z.strictObject({ ...envelope, command: z.literal("reorder"), items: z.array(commandItemSchema).min(1).max(1000) }),
]);
export type CommandRequest = z.infer<typeof commandRequestSchema>;

const replyEnvelope = {
  tradewatch: z.literal(COMMAND_PROTOCOL_VERSION),
  tradingId,
  idempotencyKey: key,
  /** For the user: why a command was refused, what happens next. */
  message: z.string().max(500).nullable().default(null),
};

/**
 * The shop's answer. `done` means the command took effect now; for confirm, cancel and
 * commit, `outcome` is then the shop's completion notice. `accepted` means it will take
 * effect later (the status endpoint reports the outcome). `refused` means it will not.
 */
export const commandReplySchema = z.discriminatedUnion("result", [
  z.strictObject({ ...replyEnvelope, result: z.literal("done"), outcome: z.enum(["completed", "failed"]).nullable().default(null) }),
  z.strictObject({ ...replyEnvelope, result: z.literal("accepted") }),
  z.strictObject({ ...replyEnvelope, result: z.literal("refused") }),
  /** Answer to prepare. */
  z.strictObject({ ...replyEnvelope, result: z.literal("vote"), vote: z.enum(["ready", "refused"]) }),
  /** Answer to return. */
  z.strictObject({
    ...replyEnvelope,
    result: z.literal("return-accepted"),
    returnId: z.string().min(1).max(200),
    refundAmount: moneySchema,
    refundDueBy: isoDateTime,
  }),
  /** Answer to reorder: the new order, as the JSON-LD a confirmation page would carry, and its page. */
  z.strictObject({
    ...replyEnvelope,
    result: z.literal("reordered"),
    orderUrl: z.url({ protocol: /^https?$/ }),
    order: z.record(z.string(), z.unknown()),
  }),
]);
export type CommandReply = z.infer<typeof commandReplySchema>;
export type CommandReplyInput = z.input<typeof commandReplySchema>;
