import { sumByCurrency } from "./money";
import type { AnyStatus, Money, Source, Trade, Warning } from "./types";

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

export function settlementGroup(trade: Trade): SettlementGroup {
  // Nothing more will be paid once the money moved, came back, failed for good, or the order was cancelled.
  return isFinalStatus("payment", trade.processing.payment.status) || trade.processing.shop.status === "cancelled"
    ? "settled"
    : "unsettled";
}

/** Claim 7: what is still to be paid, per currency. */
export function unsettledTotals(trades: Trade[]): Money[] {
  const unsettled = trades.filter((trade) => settlementGroup(trade) === "unsettled");
  return sumByCurrency(unsettled.map((trade) => trade.info.total));
}

/** One currency's unsettled total against the user's limit (claim 8). */
export interface LimitUse {
  currency: string;
  used: Money;
  limit: Money | null;
  over: boolean;
  /** used / limit (0..∞) for a meter; null without a limit. */
  share: number | null;
}

/** Claim 8: compares each currency's unsettled total with its limit; no limit is ever converted across currencies. */
export function limitUses(totals: Money[], limits: Money[]): LimitUse[] {
  const currencies = [...new Set([...totals, ...limits].map((money) => money.currency))].sort((a, b) =>
    a.localeCompare(b),
  );
  return currencies.map((currency) => {
    const used = totals.find((money) => money.currency === currency) ?? { currency, minor: 0 };
    const limit = limits.find((money) => money.currency === currency) ?? null;
    return {
      currency,
      used,
      limit,
      over: limit !== null && used.minor > limit.minor,
      share: limit === null ? null : shareOf(used.minor, limit.minor),
    };
  });
}

function shareOf(used: number, limit: number): number {
  // A zero limit is fully used at zero and infinitely exceeded by anything more.
  if (limit === 0) return used > 0 ? Number.POSITIVE_INFINITY : 0;
  return used / limit;
}

export interface OpenWarning {
  tradeId: string;
  tradingId: string;
  shopName: string;
  warning: Warning;
}

/** Every warning of every trade, newest first (claims 1, 2). */
export function openWarnings(trades: Trade[]): OpenWarning[] {
  return trades
    .flatMap((trade) =>
      trade.warnings.map((warning) => ({
        tradeId: trade.id,
        tradingId: trade.info.tradingId,
        shopName: trade.info.shop.name,
        warning,
      })),
    )
    .sort((a, b) => compareDesc(a.warning.firstSeenAt, b.warning.firstSeenAt) || a.tradeId.localeCompare(b.tradeId));
}

/** Newest order first; the trading identifier breaks ties so the order is stable. */
export function sortTrades(trades: Trade[]): Trade[] {
  return [...trades].sort(
    (a, b) => compareDesc(a.info.orderDate, b.info.orderDate) || a.info.tradingId.localeCompare(b.info.tradingId),
  );
}

/** ISO-8601 times compared as instants, so differing offsets still sort right. */
function compareDesc(a: string, b: string): number {
  return Date.parse(b) - Date.parse(a);
}
