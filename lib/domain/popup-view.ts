import type { LedgerTotals } from "./ledger-totals";
import type { Trade } from "./types";
import { matchesFilter, sortTrades, type TradeFilter } from "./views";

/**
 * What the popup reads of the ledger, so that opening it costs the same with a hundred trades
 * as with ten thousand: the stored totals, the trades that need attention, the orders recent
 * enough to count for a spending limit, and the first pages of the lists the filter shows.
 */

/** Trades per page of a list; "Show more" adds as many. */
export const PAGE_SIZE = 10;

/** One list of the popup: every filter but "All" is one; "All" shows two (claim 6). */
export type ListGroup = Exclude<TradeFilter, "all">;

export function groupsOf(filter: TradeFilter): ListGroup[] {
  return filter === "all" ? ["undelivered", "delivered"] : [filter];
}

export interface PopupQuery {
  filter: TradeFilter;
  /** How many trades of each list are on screen (a page, more after "Show more"). */
  shown: Record<ListGroup, number>;
  /** The trade a notification or a link asked for: read and shown even when beyond its list's page. */
  focusTradeId: string | null;
}

export const FIRST_QUERY: PopupQuery = {
  filter: "all",
  shown: { undelivered: PAGE_SIZE, delivered: PAGE_SIZE, unsettled: PAGE_SIZE, settled: PAGE_SIZE },
  focusTradeId: null,
};

export interface PopupLedger {
  /** The query this was read for. */
  query: PopupQuery;
  totals: LedgerTotals;
  /** Every trade needsAttention (lib/domain/views.ts) holds for. */
  attention: Trade[];
  /** Every trade ordered since limitWindowStart. */
  recent: Trade[];
  /** The first `query.shown` trades of each list of the filter, in popup order (sortTrades). */
  pages: Partial<Record<ListGroup, Trade[]>>;
  /** The trade query.focusTradeId names, when it is in the ledger. */
  focus: Trade | null;
  /** The ids of the trades that a reorder among the trades read links to, when they are in the ledger. */
  originals: ReadonlySet<string>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Every spending period starts within this before now: a calendar month at most 31 days back
 * (a daylight-saving change moves it by an hour), the rolling window 30 days, a week 7.
 */
const LIMIT_WINDOW_MS = 32 * DAY_MS;

/** Orders placed since then may count for a spending limit or "Ordered this month"; later orders all do. */
export function limitWindowStart(now: string): string {
  return new Date(Date.parse(now) - LIMIT_WINDOW_MS).toISOString();
}

/** A list as shown: its page, and the focused trade in its place when it belongs to the list but lies beyond the page. */
export function listOf(ledger: PopupLedger, group: ListGroup): Trade[] {
  const page = ledger.pages[group] ?? [];
  const { focus } = ledger;
  if (focus === null || !matchesFilter(focus, group) || page.some((trade) => trade.id === focus.id)) return page;
  return sortTrades([...page, focus]);
}

/** Every trade read, each once: what the spending panel and the selection draw on. */
export function tradesRead(ledger: PopupLedger): Trade[] {
  const all = [...ledger.attention, ...ledger.recent, ...Object.values(ledger.pages).flat(), ...(ledger.focus ? [ledger.focus] : [])];
  return [...new Map(all.map((trade) => [trade.id, trade])).values()];
}

/** The trades the spending panel counts: the unsettled ones (all need attention) and the recent ones. */
export function spendingTrades(ledger: PopupLedger): Trade[] {
  return [...new Map([...ledger.attention, ...ledger.recent].map((trade) => [trade.id, trade])).values()];
}
