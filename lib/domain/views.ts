import { SEVERITY } from "./severity";
import { sumByCurrency } from "./money";
import type { AnyStatus, Money, ReturnRequest, ReturnStatus, Severity, Source, Trade, Warning } from "./types";
import { isOpenWarning, SEVERITY_RANK } from "./warnings";

/**
 * Statuses after which a source has nothing more to report. Kept here (and re-exported by
 * schedule.ts) because the delivery and settlement groups are defined by them.
 */
export const FINAL_STATUSES: Readonly<Record<Source, readonly AnyStatus[]>> = {
  shop: ["delivered", "cancelled"],
  payment: ["settled", "failed", "refunded"],
  delivery: ["delivered", "returned"],
};

export function isFinalStatus(source: Source, status: AnyStatus | null): boolean {
  return status !== null && FINAL_STATUSES[source].includes(status);
}

/** Claim 6: trades whose delivery is complete are shown apart from the rest. */
export type DeliveryGroup = "delivered" | "undelivered";
/** Claim 6: trades that will see no further payment are shown apart from the rest. */
export type SettlementGroup = "settled" | "unsettled";

export function deliveryGroup(trade: Trade): DeliveryGroup {
  // A returned parcel was handed over once; the shop saying "delivered" counts when the carrier is silent.
  return isFinalStatus("delivery", trade.processing.delivery.status) || trade.processing.shop.status === "delivered"
    ? "delivered"
    : "undelivered";
}

/**
 * The shop cancelled the order: its status says so, or its final word (the answer to a cancel
 * command) did before its status endpoint caught up (docs/lifecycle.md, rule 1).
 */
export function isCancelled(trade: Trade): boolean {
  const { shop } = trade.processing;
  return shop.status === "cancelled" || shop.outcome === "failed";
}

export function settlementGroup(trade: Trade): SettlementGroup {
  // Nothing more will be paid once the money moved, came back, failed for good, or the order was cancelled.
  return isFinalStatus("payment", trade.processing.payment.status) || isCancelled(trade) ? "settled" : "unsettled";
}

/** A return the shop has not closed yet: it keeps the trade open and its shop and payment watched. */
const OPEN_RETURN_STATUSES: readonly ReturnStatus[] = ["requesting", "accepted", "received"];

export function isOpenReturn(request: ReturnRequest): boolean {
  return OPEN_RETURN_STATUSES.includes(request.status);
}

export function hasOpenReturn(trade: Trade): boolean {
  return trade.returns.some(isOpenReturn);
}

/** Claim 7: what is still to be paid, per currency. */
export function unsettledTotals(trades: Trade[]): Money[] {
  const unsettled = trades.filter((trade) => settlementGroup(trade) === "unsettled");
  return sumByCurrency(unsettled.map((trade) => trade.info.total));
}

/** The popup's filters (claim 6), each with a count. */
export const TRADE_FILTERS = ["all", "undelivered", "delivered", "unsettled", "settled"] as const;
export type TradeFilter = (typeof TRADE_FILTERS)[number];

export function matchesFilter(trade: Trade, filter: TradeFilter): boolean {
  switch (filter) {
    case "all":
      return true;
    case "undelivered":
    case "delivered":
      return deliveryGroup(trade) === filter;
    case "unsettled":
    case "settled":
      return settlementGroup(trade) === filter;
  }
}

/** The trades a filter shows, in the order given. */
export function filterTrades(trades: Trade[], filter: TradeFilter): Trade[] {
  return trades.filter((trade) => matchesFilter(trade, filter));
}

export function filterCounts(trades: Trade[]): Record<TradeFilter, number> {
  return Object.fromEntries(TRADE_FILTERS.map((filter) => [filter, filterTrades(trades, filter).length])) as Record<
    TradeFilter,
    number
  >;
}

export interface ListedWarning {
  tradeId: string;
  tradingId: string;
  shopName: string;
  warning: Warning;
  severity: Severity;
}


/** Warnings that still count (claims 1, 2): not acknowledged; most severe first, then newest. */
export function openWarnings(trades: Trade[]): ListedWarning[] {
  return listWarnings(trades, isOpenWarning);
}

/** Warnings the user acknowledged (muted): still true, listed apart, in the same order. */
export function acknowledgedWarnings(trades: Trade[]): ListedWarning[] {
  return listWarnings(trades, (warning) => warning.acknowledgedAt !== null);
}

function listWarnings(trades: Trade[], include: (warning: Warning) => boolean): ListedWarning[] {
  return trades
    .flatMap((trade) =>
      trade.warnings.filter(include).map((warning) => ({
        tradeId: trade.id,
        tradingId: trade.info.tradingId,
        shopName: trade.info.shop.name,
        warning,
        severity: SEVERITY[warning.code],
      })),
    )
    .sort(
      (a, b) =>
        SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
        compareDesc(a.warning.firstSeenAt, b.warning.firstSeenAt) ||
        a.tradeId.localeCompare(b.tradeId),
    );
}

export interface LedgerShop {
  origin: string;
  name: string;
}

/** The shops in the ledger, each named as on its latest captured order; sorted by name, then origin. */
export function ledgerShops(trades: Trade[]): LedgerShop[] {
  const latest = new Map<string, Trade>();
  for (const trade of trades) {
    const seen = latest.get(trade.info.shop.origin);
    const newer = !seen || Date.parse(trade.info.capturedAt) > Date.parse(seen.info.capturedAt);
    if (newer) latest.set(trade.info.shop.origin, trade);
  }
  return [...latest]
    .map(([origin, trade]) => ({ origin, name: trade.info.shop.name }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.origin.localeCompare(b.origin));
}

/**
 * Newest order first; the key (shop origin, then trading identifier) breaks ties so the order is
 * stable. Keys compare by code unit, as IndexedDB orders them: the popup's indexes, on
 * [group, popupRank] with the key last, give the same order.
 */
export function sortTrades(trades: Trade[]): Trade[] {
  return [...trades].sort((a, b) => compareDesc(a.info.orderDate, b.info.orderDate) || compareCodeUnits(a.id, b.id));
}

/** The popup's list order as one number that sorts ascending: minus the order time (newest first). */
export function popupRank(orderDate: string): number {
  return -Date.parse(orderDate);
}

/**
 * Trades the popup reads whatever page of its list is shown: not finalised yet (open or
 * finalising), with a warning (acknowledged ones are listed too), or not settled (the
 * unsettled total and limits without a period count them). Finished history is none of these.
 */
export function needsAttention(trade: Trade): boolean {
  const { state } = trade.lifecycle;
  return state === "open" || state === "finalising" || trade.warnings.length > 0 || settlementGroup(trade) === "unsettled";
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** ISO-8601 times compared as instants, so differing offsets still sort right. */
function compareDesc(a: string, b: string): number {
  return Date.parse(b) - Date.parse(a);
}
