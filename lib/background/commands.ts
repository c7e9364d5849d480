import { readOrders } from "../capture/schema-org-order";
import { dueCommands, getCommand } from "../db/outbox";
import { getTrade, putTrade, writeLedger } from "../db/trades";
import { commandAnswered, commandFailed, COMMAND_LEASE_MS, newCommand } from "../domain/command-policy";
import { disclosedFields, recordDisclosure } from "../domain/disclosures";
import { appendHistory } from "../domain/history";
import { applyCommandOutcome, beginFinalising } from "../domain/lifecycle";
import { reorderItems } from "../domain/reorder";
import { applyReturnReply, requestReturn } from "../domain/returns";
import { newTrade } from "../domain/trade";
import { tradeKey } from "../domain/trade-key";
import type { CapturedOrder, CommandRecord, Intent, ReturnItem, Trade } from "../domain/types";
import { saying } from "../domain/history";
import { t, tn } from "../i18n/t";
import { uiLanguage } from "../i18n/ui-language";
import type { ErrorReply, FinaliseReply, ReorderReply, ReturnReply } from "../messages/schema";
import { COMMAND_PROTOCOL_VERSION, type CommandReply, type CommandRequest, type PersonalInfo } from "../protocol/commands";
import type { Settings } from "../settings/schema";
import type { SendOutcome } from "./command-send";
import { plusMs } from "../domain/time";
import type { Language } from "../i18n/translate";
import { userTimeZone } from "../time-zone";

/**
 * Commands to one trade's shop (seed 000 claim 9, seed 002 claims 9–10) through an outbox in
 * IndexedDB: a command is written, with its effect on the trade, before it is sent, and sent
 * again with the same idempotency key until the shop answers or the retries run out. A worker
 * that dies in between leaves the command due; the next alarm sends it.
 */
export interface CommandDeps {
  now: () => string;
  send: (url: string, request: CommandRequest) => Promise<SendOutcome>;
  newKey: () => string;
  loadSettings: () => Promise<Settings>;
  /** Tells the user what a shop answered (a notification), when the settings allow it. */
  onShopAnswer?: (trade: Trade, text: string) => Promise<void>;
  /** Tells open TradeWatch pages (and the toolbar badge) that the ledger changed: a collective's progress, say. */
  afterChange?: () => Promise<void>;
  /** Runs work the caller does not wait for (a collective after its start); tests collect it to await it. */
  inBackground?: (work: () => Promise<unknown>) => void;
}

type Queued = { ok: true } | ErrorReply;


/** What every command about `trade` starts with. */
function envelope(trade: Trade, key: string) {
  return { tradewatch: COMMAND_PROTOCOL_VERSION, tradingId: trade.info.tradingId, idempotencyKey: key } as const;
}

/** What one command does to its trade before it is sent, and what it sends where. */
type Plan = { trade: Trade; url: string; request: CommandRequest } | ErrorReply;

/** The trade is no longer there to command. */
function gone(): ErrorReply {
  return { error: t("error_gone") };
}

/**
 * Writes the command with its effect on the trade in one transaction (the outbox), then sends
 * it once; the alarm sends it again while there is no answer.
 */
async function queueAndSend(deps: CommandDeps, tradeId: string, plan: (trade: Trade, key: string, now: string) => Plan): Promise<Sent | ErrorReply> {
  const now = deps.now();
  const key = deps.newKey();
  const queued = await writeLedger(async (tx): Promise<Queued> => {
    const trade = await tx.objectStore("trades").get(tradeId);
    if (!trade) return gone();
    const planned = plan(trade, key, now);
    if ("error" in planned) return planned;
    if (planned.trade !== trade) await putTrade(tx, planned.trade, trade, now);
    await tx.objectStore("commands").put(newCommand({ key, tradeId, url: planned.url, request: planned.request, now }));
    return { ok: true };
  });
  if ("error" in queued) return queued;
  // Null when another run holds the command's lease or the answer found nothing to change: read what is stored.
  const sent = await sendQueued(deps, key);
  if (sent !== null) return sent;
  const [trade, record] = await Promise.all([getTrade(tradeId), getCommand(key)]);
  return trade && record ? { record, trade, reordered: null } : gone();
}

/** Confirm (intent "complete") or cancel (intent "fail") one trade at its shop. */
export async function finalise(deps: CommandDeps, tradeId: string, intent: Intent, by: "user" | "auto-cancel" = "user"): Promise<FinaliseReply | ErrorReply> {
  const { deliveryProfile } = await deps.loadSettings();
  const lang = uiLanguage();
  const sent = await queueAndSend(deps, tradeId, (trade, key, now) => {
    const begun = beginFinalising(trade, intent, by, { commandKey: key, collectiveId: null }, now, lang);
    if ("error" in begun) return begun;
    const url = trade.info.commands?.url;
    if (url === undefined) return { error: t("error_noCommands", trade.info.shop.name) };
    // Personal information goes only with the commit of a completion (seed 000 claim 4): here, the confirm.
    const profile = intent === "complete" ? deliveryProfile : null;
    // The reason is for the shop's systems, not for the user: the protocol's words are English.
    const request: CommandRequest =
      intent === "complete"
        ? { ...envelope(trade, key), command: "confirm", personalInfo: profile }
        : { ...envelope(trade, key), command: "cancel", reason: by === "auto-cancel" ? "Open longer than the buyer's wait limit" : null };
    const disclosed = profile === null ? begun : discloseTo(begun, url, profile, "confirm", null, now, lang);
    return { trade: disclosed, url, request };
  });
  if ("error" in sent) return sent;
  return { state: sent.trade.lifecycle.state, message: answerText(sent.record) };
}

/**
 * Records on the trade the personal information a confirm or commit to `url` carries, as going
 * where it goes: the command endpoint's site, which need not be the shop's pages' site.
 */
export function discloseTo(
  trade: Trade,
  url: string,
  profile: PersonalInfo,
  command: "confirm" | "commit",
  collectiveId: string | null,
  now: string,
  lang: Language,
): Trade {
  return recordDisclosure(trade, { to: new URL(url).origin, fields: disclosedFields(profile), command, collectiveId }, now, lang);
}

/** Asks the shop to take back delivered items (seed 002 claim 9); the refund is then watched like any status. */
export async function requestItemsReturn(deps: CommandDeps, tradeId: string, items: ReturnItem[], reason: string): Promise<ReturnReply | ErrorReply> {
  const sent = await queueAndSend(deps, tradeId, (trade, key, now) => {
    const url = trade.info.commands?.supports.includes("return") ? trade.info.commands.url : null;
    if (url === null) return { error: t("error_noReturns", trade.info.shop.name) };
    const requested = requestReturn(trade, { key, items, reason }, now, uiLanguage());
    if ("error" in requested) return requested;
    return { trade: requested, url, request: { ...envelope(trade, key), command: "return", items, reason } };
  });
  if ("error" in sent) return sent;
  const status = sent.trade.returns.find((r) => r.key === sent.record.key)?.status ?? "requesting";
  return { status, message: answerText(sent.record) };
}

/** Orders (part of) a trade's items again at its shop (seed 002 claim 10); the new order becomes a linked trade. */
export async function reorder(deps: CommandDeps, tradeId: string, picks: ReturnItem[]): Promise<ReorderReply | ErrorReply> {
  const sent = await queueAndSend(deps, tradeId, (trade, key) => {
    const url = trade.info.commands?.supports.includes("reorder") ? trade.info.commands.url : null;
    if (url === null) return { error: t("error_noReorders", trade.info.shop.name) };
    const items = reorderItems(trade, picks, uiLanguage());
    if ("error" in items) return items;
    return { trade, url, request: { ...envelope(trade, key), command: "reorder", items } };
  });
  if ("error" in sent) return sent;
  const { reordered } = sent;
  if (reordered !== null && "error" in reordered) return { tradeId: null, message: reordered.error };
  return { tradeId: reordered?.tradeId ?? null, message: answerText(sent.record) };
}

/** Sends every command whose next attempt is due (the alarm's share of the outbox). */
export async function sendDueCommands(deps: CommandDeps): Promise<number> {
  const due = await dueCommands(deps.now());
  let sent = 0;
  for (const record of due) if ((await sendQueued(deps, record.key)) !== null) sent++;
  return sent;
}

/** A command sent and its answer stored: the command, its trade after it, and for a reorder the new trade or why there is none. */
interface Sent {
  record: CommandRecord;
  trade: Trade;
  reordered: { tradeId: string } | { error: string } | null;
}

/**
 * Sends one pending command, unless another run holds its lease, and stores the answer with
 * its effect on the trade in one transaction. Null when no request was made (or the command
 * or its trade was gone by the answer).
 */
export async function sendQueued(deps: CommandDeps, key: string): Promise<Sent | null> {
  const claimedAt = deps.now();
  const claimed = await writeLedger(async (tx) => {
    const record = await tx.objectStore("commands").get(key);
    if (!record || record.state !== "pending") return null;
    if (record.leaseUntil !== null && Date.parse(record.leaseUntil) > Date.parse(claimedAt)) return null;
    const leaseUntil = plusMs(claimedAt, COMMAND_LEASE_MS);
    // Due again when the lease ends: a worker that dies mid-request leaves it to the next alarm.
    const leased: CommandRecord = { ...record, leaseUntil, nextAttemptAt: leaseUntil };
    await tx.objectStore("commands").put(leased);
    const trade = await tx.objectStore("trades").get(record.tradeId);
    return { command: leased, shopOrigin: trade?.info.shop.origin ?? null };
  });
  if (claimed === null) return null;
  const outcome = await deps.send(claimed.command.url, claimed.command.request);
  const at = deps.now();
  const lang = uiLanguage();
  const captured =
    outcome.ok && outcome.reply.result === "reordered" && claimed.shopOrigin !== null ? reorderedOrder(outcome.reply, claimed.shopOrigin, at) : null;
  const stored = await writeLedger(async (tx) => {
    const record = await tx.objectStore("commands").get(key);
    if (!record || record.state !== "pending") return null;
    const answered = outcome.ok
      ? commandAnswered(record, outcome.reply, at)
      : commandFailed(record, outcome.message, at, outcome.retryAfterMs, outcome.retryable);
    const next: CommandRecord = { ...answered, request: withoutPersonalInfo(answered), leaseUntil: null };
    await tx.objectStore("commands").put(next);
    const trade = await tx.objectStore("trades").get(record.tradeId);
    if (!trade) return null;
    let updated = effectOnTrade(trade, next, at, lang);
    if (captured !== null && "order" in captured) {
      const id = tradeKey(captured.order.info.shop.origin, captured.order.info.tradingId);
      const known = await tx.objectStore("trades").get(id);
      // The new order's page may have been captured first (the shop opened it): link it all the same.
      if (!known) await putTrade(tx, newTrade(captured.order, at, trade.id, lang), null, at);
      else if (known.reorderOf === null) await putTrade(tx, { ...known, reorderOf: trade.id }, known, at);
      updated = appendHistory(updated, [
        { at, kind: "reorder", source: "shop", code: null, text: t("error_orderedAgain", captured.order.info.tradingId) },
      ]);
    } else if (captured !== null) {
      updated = appendHistory(updated, [{ at, kind: "reorder", source: "shop", code: null, text: captured.error }]);
    }
    if (updated !== trade) await putTrade(tx, updated, trade, at);
    const reordered = captured === null ? null : "order" in captured ? { tradeId: tradeKey(captured.order.info.shop.origin, captured.order.info.tradingId) } : captured;
    return { record: next, trade: updated, reordered };
  });
  if (stored !== null && stored.record.state !== "pending" && deps.onShopAnswer) {
    const text = answerText(stored.record);
    if (text !== null) await deps.onShopAnswer(stored.trade, text).catch((error: unknown) => console.error("TradeWatch could not notify:", error));
  }
  return stored;
}

/** What the shop's answer (or the last failure, once given up) does to the trade, written in `lang`. */
function effectOnTrade(trade: Trade, record: CommandRecord, at: string, lang: Language): Trade {
  if (record.state === "pending") return trade;
  const { reply } = record;
  const gaveUp = {
    kind: "gave-up",
    message: lang.tn("error_noAnswerAfter", record.attempts, trade.info.shop.name, record.lastError ?? lang.t("error_unknown")),
  } as const;
  switch (record.request.command) {
    case "confirm":
    case "cancel":
    // A collective's commit is in the outbox only once the shop accepted it: then it is resent like a confirm.
    case "commit": {
      // A late answer to a command the trade no longer waits for (given up, or superseded) changes nothing.
      if (trade.lifecycle.pending?.commandKey !== record.key) return trade;
      if (record.state === "failed" || reply === null) return applyCommandOutcome(trade, gaveUp, at, lang);
      if (reply.result === "done") return applyCommandOutcome(trade, { kind: "done", outcome: reply.outcome, message: reply.message }, at, lang);
      if (reply.result === "accepted") return applyCommandOutcome(trade, { kind: "accepted", message: reply.message }, at, lang);
      return applyCommandOutcome(trade, { kind: "refused", message: reply.message }, at, lang);
    }
    case "return":
      return applyReturnReply(trade, record.key, record.state === "failed" || reply === null ? gaveUp : reply, at, lang);
    case "reorder":
      if (record.state === "failed" || reply === null) {
        return appendHistory(trade, [{ at, kind: "reorder", source: "shop", code: null, text: lang.t("error_reorderNotPlaced", gaveUp.message) }]);
      }
      if (reply.result === "refused") {
        const text = lang.t("error_reorderRefused", trade.info.shop.name, saying(reply.message || null));
        return appendHistory(trade, [{ at, kind: "reorder", source: "shop", code: null, text }]);
      }
      return trade;
    default:
      // Prepare and abort belong to collectives, which send them without the outbox.
      return trade;
  }
}

/**
 * The new order a shop placed for a reorder, read like a confirmation page. Its page must be
 * the shop's own: a shop cannot place an order at another shop.
 */
function reorderedOrder(reply: Extract<CommandReply, { result: "reordered" }>, shopOrigin: string, now: string): { order: CapturedOrder } | { error: string } {
  if (URL.parse(reply.orderUrl)?.origin !== shopOrigin) {
    return { error: t("error_reorderElsewhere") };
  }
  const [outcome] = readOrders([JSON.stringify(reply.order)], { url: reply.orderUrl }, now, userTimeZone());
  if (outcome?.kind === "order") return { order: outcome.order };
  return { error: t("error_reorderUnreadable", outcome?.kind === "invalid" ? outcome.reason : t("error_noOrderInAnswer")) };
}

/**
 * Once a confirm is settled, the outbox keeps no copy of the personal information it carried:
 * the trade's disclosure record says what was sent, to whom and when.
 */
function withoutPersonalInfo(record: CommandRecord): CommandRequest {
  const { request } = record;
  return record.state !== "pending" && request.command === "confirm" && request.personalInfo !== null ? { ...request, personalInfo: null } : request;
}

/** The shop's words, or why there were none, for the popup and notifications. */
function answerText(record: CommandRecord | undefined): string | null {
  if (!record) return null;
  if (record.reply?.message) return record.reply.message;
  if (record.state === "pending" && record.lastError !== null) return t("error_noAnswerYet", record.lastError);
  if (record.state === "failed") return tn("error_gaveUp", record.attempts, record.lastError ?? t("error_noAnswer"));
  return null;
}
