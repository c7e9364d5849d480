import type { Trade, TradeSummary } from "./types";

/** The row the history view lists and searches for `trade` (kept small: tens of thousands are read at once). */
export function tradeSummary(trade: Trade): TradeSummary {
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
  };
}
