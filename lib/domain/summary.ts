import type { Trade, TradeSummary } from "./types";
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
  };
}

/** Whether two rows hold the same values (tradeSummary builds every row with its fields in one order). */
export function sameSummary(a: SummaryRow, b: SummaryRow): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
