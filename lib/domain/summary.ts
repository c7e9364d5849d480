import type { Trade, TradeSummary } from "./types";
import { sameMoney } from "./money";
import { isTradeFinished } from "./schedule";
import { deliveryGroup, needsAttention, popupRank, type DeliveryGroup } from "./views";

/**
 * A trade's row in the summaries store: what the history view lists and searches (kept small:
 * tens of thousands are read at once) and, from DB version 3, what the popup's indexes read.
 */
export interface SummaryRow extends TradeSummary {
  /** popupRank(orderDate): ascending is the popup's newest-first order. */
  rank: number;
  delivery: DeliveryGroup;
  /** 1 when the trade needsAttention; absent otherwise, so that only those are in the by-attention index. */
  attention?: 1;
  /** 1 while the trade is not finished (isTradeFinished), from DB version 5; absent once it is, so that only those are in the by-unfinished index. */
  unfinished?: 1;
}

export function tradeSummary(trade: Trade): SummaryRow {
  const { info, lifecycle } = trade;
  return {
    id: trade.id,
    tradingId: info.tradingId,
    shopOrigin: info.shop.origin,
    shopName: info.shop.name,
    orderDate: info.orderDate,
    state: lifecycle.state,
    stateSince: lifecycle.since,
    total: info.total,
    itemText: info.items.map((item) => item.name).join("\n"),
    itemCount: info.items.reduce((sum, item) => sum + item.quantity, 0),
    rank: popupRank(info.orderDate),
    delivery: deliveryGroup(trade),
    ...(needsAttention(trade) ? { attention: 1 as const } : {}),
    ...(isTradeFinished(trade) ? {} : { unfinished: 1 as const }),
  };
}

/** Whether two rows hold the same values: every field is plain but the total (compared every time a trade is written). */
export function sameSummary(a: SummaryRow, b: SummaryRow): boolean {
  const keys = Object.keys(a) as (keyof SummaryRow)[];
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => (key === "total" ? sameMoney(a.total, b.total) : a[key] === b[key]))
  );
}
