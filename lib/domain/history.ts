import type { AnyStatus, HistoryEntry, ReturnRequest, Source, Trade, TradingInfo, Warning } from "./types";
import { sameWarning } from "./warnings";
import type { MessageKey } from "../i18n/catalog";
import { ENGLISH, type Language } from "../i18n/translate";

/**
 * A trade's history: what happened to it, newest last. Entries are plain text written when
 * they happen, in the language the caller passes (English by default), so the history reads
 * the same after the warnings that produced them are gone.
 */

/** Oldest entries are dropped beyond this, so a trade polled for months stays small in storage. */
export const HISTORY_LIMIT = 200;

/** A source as the subject of a sentence: "The carrier". */
export function partyName(source: Source, lang: Language): string {
  return lang.t(`warn_party_${source}`);
}

/** A status as a word in a sentence: "in transit". */
export function statusWords(status: AnyStatus, lang: Language): string {
  return lang.t(`warn_status_${status}`);
}

/** "Green tea ×3", "Green tea ×3, Mug ×1", "Green tea ×3 and 2 other items": items named in one line of text. */
export function itemsText(items: readonly { name: string; quantity: number }[], lang: Language = ENGLISH): string {
  const named = items.map((item) => lang.t("event_items", item.name, item.quantity));
  if (named.length <= 2) return named.join(", ");
  return lang.tn("event_itemsAndMore", named.length - 1, named[0]!);
}

/** ": the shop's words", or nothing when it gave none. */
export function saying(message: string | null): string {
  return message === null ? "" : `: ${message}`;
}

/** Appends entries, keeping the newest HISTORY_LIMIT; returns `trade` itself when there is nothing to add. */
export function appendHistory(trade: Trade, entries: readonly HistoryEntry[]): Trade {
  if (entries.length === 0) return trade;
  return { ...trade, history: [...trade.history, ...entries].slice(-HISTORY_LIMIT) };
}

/** The first entry of every trade. */
export function capturedEntry(info: TradingInfo, at: string, lang: Language = ENGLISH): HistoryEntry {
  return { at, kind: "captured", source: null, code: null, text: lang.t("event_captured", info.tradingId, info.shop.name) };
}

/** A source reported a status other than the one it reported before. */
export function statusEntry(source: Source, from: AnyStatus | null, to: AnyStatus, at: string, lang: Language = ENGLISH): HistoryEntry {
  const party = partyName(source, lang);
  const text =
    from === null
      ? lang.t("event_reports", party, statusWords(to, lang))
      : lang.t("event_reportsWas", party, statusWords(to, lang), statusWords(from, lang));
  return { at, kind: "status", source, code: null, text };
}

/** Where a return has got, in the shop's words when it gave some. */
export function returnEntry(request: ReturnRequest, at: string, lang: Language = ENGLISH): HistoryEntry {
  const items = itemsText(request.items, lang);
  /** With the shop's words when it gave some. */
  const answer = (plain: MessageKey, withWords: MessageKey) =>
    request.message === null ? lang.t(plain, items) : lang.t(withWords, items, request.message);
  const text = {
    requesting: () => lang.t("event_returnRequesting", items, request.reason),
    accepted: () => answer("event_returnAccepted", "event_returnAcceptedSaying"),
    refused: () => answer("event_returnRefused", "event_returnRefusedSaying"),
    received: () => lang.t("event_returnReceived", items),
    refunded: () => lang.t("event_returnRefunded", items),
    failed: () => answer("event_returnFailed", "event_returnFailedSaying"),
  }[request.status]();
  return { at, kind: "return", source: "shop", code: null, text };
}

export function errorEntry(source: Source, message: string, at: string, lang: Language = ENGLISH): HistoryEntry {
  return { at, kind: "error", source, code: null, text: lang.t("event_couldNotAsk", partyName(source, lang), message) };
}

function aboutWarning(warning: Warning, kind: "warning" | "resolved" | "acknowledged", at: string): HistoryEntry {
  return { at, kind, source: warning.source, code: warning.code, text: warning.message };
}

export function acknowledgedEntry(warning: Warning, at: string): HistoryEntry {
  return aboutWarning(warning, "acknowledged", at);
}

/**
 * What changed between two evaluations of the warnings: a "warning" entry for each one that
 * appeared and a "resolved" entry (with its last message) for each one whose condition is gone.
 */
export function warningEntries(before: readonly Warning[], after: readonly Warning[], at: string): HistoryEntry[] {
  const raised = after
    .filter((warning) => !before.some((known) => sameWarning(known, warning)))
    .map((warning) => aboutWarning(warning, "warning", at));
  const resolved = before
    .filter((known) => !after.some((warning) => sameWarning(known, warning)))
    .map((known) => aboutWarning(known, "resolved", at));
  return [...resolved, ...raised];
}
