import { nextDay, startOfLocalDay } from "./calendar-day";
import type { TradeState, TradeSummary } from "./types";
import type { LedgerShop } from "./views";

/**
 * The history view's search over finished trades (seed 000 claim 8): conditions, sorting and
 * paging over summary rows held in memory. Written for tens of thousands of rows: conditions
 * and sort keys are prepared once per search, and each row costs a few comparisons.
 */

/** The states a trade ends in; the history lists only these. */
export const FINISHED_STATES = ["completed", "failed"] as const satisfies readonly TradeState[];
export type FinishedState = (typeof FINISHED_STATES)[number];

export type HistorySortKey = "orderDate" | "total" | "shop" | "state";

export interface HistorySort {
  by: HistorySortKey;
  direction: "asc" | "desc";
}

export interface HistoryQuery {
  /** First and last order day (YYYY-MM-DD, both included, in the user's time zone); null for no bound. */
  from: string | null;
  to: string | null;
  shopOrigin: string | null;
  /** None selected means any finished state. */
  states: FinishedState[];
  currency: string | null;
  /** Bounds on the total in minor units, both included; they apply only with a currency (amounts in two currencies do not compare). */
  minAmount: number | null;
  maxAmount: number | null;
  /** Case-insensitive text in an item name or the trading identifier; blank for any. */
  text: string;
  sort: HistorySort;
}

export const DEFAULT_HISTORY_QUERY: HistoryQuery = {
  from: null,
  to: null,
  shopOrigin: null,
  states: [],
  currency: null,
  minAmount: null,
  maxAmount: null,
  text: "",
  sort: { by: "orderDate", direction: "desc" },
};

/**
 * The rows matching every condition of `query`, in the order given: the view sorts all rows once
 * per sort (sortHistory) and filters the sorted rows on every keystroke, which keeps their order.
 * `timeZone` decides which day an order falls on.
 */
export function filterHistory(rows: TradeSummary[], query: HistoryQuery, timeZone: string): TradeSummary[] {
  return rows.filter(matcher(query, timeZone));
}

function matcher(query: HistoryQuery, timeZone: string): (row: TradeSummary) => boolean {
  const { shopOrigin, currency, minAmount, maxAmount } = query;
  const dated = query.from !== null || query.to !== null;
  const start = query.from === null ? -Infinity : startOfLocalDay(query.from, timeZone);
  const end = query.to === null ? Infinity : startOfLocalDay(nextDay(query.to), timeZone);
  const states = new Set<TradeState>(query.states);
  // Summaries keep item names lower-cased with toLowerCase, so the needle is folded the same way.
  const text = query.text.trim().toLowerCase();
  return (row) => {
    if (shopOrigin !== null && row.shopOrigin !== shopOrigin) return false;
    if (states.size > 0 && !states.has(row.state)) return false;
    if (currency !== null) {
      if (row.total.currency !== currency) return false;
      if (minAmount !== null && row.total.minor < minAmount) return false;
      if (maxAmount !== null && row.total.minor > maxAmount) return false;
    }
    if (dated) {
      // A malformed stored date falls in no range (NaN compares false).
      const at = Date.parse(row.orderDate);
      if (!(at >= start && at < end)) return false;
    }
    return text === "" || row.itemText.toLowerCase().includes(text) || row.tradingId.toLowerCase().includes(text);
  };
}

const collator = new Intl.Collator(undefined, { numeric: true });

const compareNumbers = (a: number, b: number) => (a < b ? -1 : a > b ? 1 : 0);
const compareCodes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const compareShops = (a: LedgerShop, b: LedgerShop) => collator.compare(a.name, b.name) || compareCodes(a.origin, b.origin);

interface Keyed {
  row: TradeSummary;
  /** The order date as an instant; a malformed one sorts as the oldest. */
  at: number;
  key: number;
}

/**
 * A new array sorted by `sort`. Totals group by currency (A to Z, whatever the direction: amounts
 * in two currencies do not compare), then by amount. Ties go newest order first, then by trade
 * id, so the order never depends on how the rows came in.
 */
export function sortHistory(rows: TradeSummary[], sort: HistorySort): TradeSummary[] {
  const sign = sort.direction === "asc" ? 1 : -1;
  const byCurrency = sort.by === "total";
  const keyOf = sortKey(rows, sort.by);
  const keyed: Keyed[] = rows.map((row) => {
    const at = timeOf(row.orderDate);
    return { row, at, key: keyOf(row, at) };
  });
  keyed.sort(
    (a, b) =>
      (byCurrency ? compareCodes(a.row.total.currency, b.row.total.currency) : 0) ||
      sign * compareNumbers(a.key, b.key) ||
      compareNumbers(b.at, a.at) ||
      compareCodes(a.row.id, b.row.id),
  );
  return keyed.map(({ row }) => row);
}

/**
 * Each row's sort key as a number, worked out once per sort rather than in every comparison
 * (this keeps 50,000 rows fast): shops are ranked among the few distinct ones, so rows compare
 * by rank instead of through the collator.
 */
function sortKey(rows: TradeSummary[], by: HistorySortKey): (row: TradeSummary, at: number) => number {
  switch (by) {
    case "orderDate":
      return (_row, at) => at;
    case "total":
      return (row) => row.total.minor;
    case "state":
      // Completed before failed, as the lifecycle lists them.
      return (row) => FINISHED_STATES.indexOf(row.state as FinishedState);
    case "shop": {
      const shops = new Map(rows.map((row) => [shopKey(row), { origin: row.shopOrigin, name: row.shopName }]));
      const ranks = new Map([...shops].sort(([, a], [, b]) => compareShops(a, b)).map(([key], rank) => [key, rank]));
      return (row) => ranks.get(shopKey(row)) ?? 0;
    }
  }
}

/** Origins hold no space, so this tells every origin and name apart. */
const shopKey = (row: TradeSummary) => `${row.shopOrigin} ${row.shopName}`;

function timeOf(iso: string): number {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? -Infinity : at;
}

/** The shops in the rows for the shop picker, each named as on its latest order; sorted by name, then origin. */
export function historyShops(rows: TradeSummary[]): LedgerShop[] {
  const latest = new Map<string, TradeSummary>();
  for (const row of rows) {
    const seen = latest.get(row.shopOrigin);
    if (!seen || timeOf(row.orderDate) > timeOf(seen.orderDate)) latest.set(row.shopOrigin, row);
  }
  return [...latest.values()]
    .map((row) => ({ origin: row.shopOrigin, name: row.shopName }))
    .sort(compareShops);
}

/** The currencies of the rows' totals for the currency picker, A to Z. */
export function historyCurrencies(rows: TradeSummary[]): string[] {
  return [...new Set(rows.map((row) => row.total.currency))].sort(compareCodes);
}

export interface Page<T> {
  rows: T[];
  /** 1-based, clamped to the pages there are. */
  page: number;
  /** At least 1, so that "page 1 of 1" reads right for an empty result. */
  pages: number;
}

export function pageOf<T>(rows: T[], page: number, pageSize: number): Page<T> {
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  const current = Math.min(Math.max(1, Math.floor(page)), pages);
  return { rows: rows.slice((current - 1) * pageSize, current * pageSize), page: current, pages };
}

