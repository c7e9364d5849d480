import type { AnyStatus, HistoryEntry, ReturnRequest, Source, Trade, TradingInfo, Warning } from "./types";
import { sameWarning } from "./warnings";

/**
 * A trade's history: what happened to it, newest last. Entries are plain text written when
 * they happen, so the history reads the same after the warnings that produced them are gone.
 */

/** Oldest entries are dropped beyond this, so a trade polled for months stays small in storage. */
export const HISTORY_LIMIT = 200;

/** How history lines and warnings name each source. */
export const PARTY: Record<Source, string> = { shop: "shop", payment: "payment service", delivery: "carrier" };

/** "in_transit" → "in transit". */
export function statusWords(status: AnyStatus): string {
  return status.replaceAll("_", " ");
}

/** "Green tea ×3", "Green tea ×3, Mug ×1", "Green tea ×3 and 2 other items": items named in one line of text. */
export function itemsText(items: readonly { name: string; quantity: number }[]): string {
  const named = items.map((item) => `${item.name} ×${item.quantity}`);
  if (named.length <= 2) return named.join(", ");
  return `${named[0]} and ${named.length - 1} other items`;
}

/** Appends entries, keeping the newest HISTORY_LIMIT; returns `trade` itself when there is nothing to add. */
export function appendHistory(trade: Trade, entries: readonly HistoryEntry[]): Trade {
  if (entries.length === 0) return trade;
  return { ...trade, history: [...trade.history, ...entries].slice(-HISTORY_LIMIT) };
}

/** The first entry of every trade. */
export function capturedEntry(info: TradingInfo, at: string): HistoryEntry {
  return {
    at,
    kind: "captured",
    source: null,
    code: null,
    text: `Order ${info.tradingId} captured at ${info.shop.name}`,
  };
}

/** A source reported a status other than the one it reported before. */
export function statusEntry(source: Source, from: AnyStatus | null, to: AnyStatus, at: string): HistoryEntry {
  const was = from === null ? "" : ` (was ${statusWords(from)})`;
  return { at, kind: "status", source, code: null, text: `The ${PARTY[source]} reports ${statusWords(to)}${was}` };
}

/** Where a return has got, in the shop's words when it gave some. */
export function returnEntry(request: ReturnRequest, at: string): HistoryEntry {
  const items = itemsText(request.items);
  const said = request.message === null ? "" : `: ${request.message}`;
  const text = {
    requesting: `Return of ${items} requested: ${request.reason}`,
    accepted: `The shop accepted the return of ${items}${said}`,
    refused: `The shop refused the return of ${items}${said}`,
    received: `The shop received the returned ${items}`,
    refunded: `The shop refunded the return of ${items}`,
    failed: `The return of ${items} could not be requested${said}`,
  }[request.status];
  return { at, kind: "return", source: "shop", code: null, text };
}

export function errorEntry(source: Source, message: string, at: string): HistoryEntry {
  return { at, kind: "error", source, code: null, text: `The ${PARTY[source]} could not be asked: ${message}` };
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
