/**
 * Test support only: what the popup reads (loadPopupLedger in lib/db/popup-query.ts), computed
 * from every trade in memory with the views' own filters and order. The indexed read must give
 * the same, and component tests render the popup from it.
 */
import { countedOf, totalsOf } from "./ledger-totals";
import { FIRST_QUERY, groupsOf, limitWindowStart, type PopupLedger, type PopupQuery } from "./popup-view";
import type { Trade } from "./types";
import { filterTrades, needsAttention, sortTrades } from "./views";

export function popupLedgerOf(trades: readonly Trade[], now: string, query: PopupQuery = FIRST_QUERY): PopupLedger {
  const sorted = sortTrades([...trades]);
  const since = Date.parse(limitWindowStart(now));
  const ids = new Set(trades.map((trade) => trade.id));
  const pages = Object.fromEntries(groupsOf(query.filter).map((group) => [group, filterTrades(sorted, group).slice(0, query.shown[group])]));
  const focus = trades.find((trade) => trade.id === query.focusTradeId) ?? null;
  const attention = trades.filter(needsAttention);
  const recent = trades.filter((trade) => Date.parse(trade.info.orderDate) >= since);
  const read = [...attention, ...recent, ...Object.values(pages).flat(), ...(focus ? [focus] : [])];
  return {
    query,
    totals: totalsOf(trades.map(countedOf)),
    attention,
    recent,
    pages,
    focus,
    originals: new Set(read.flatMap((trade) => (trade.reorderOf !== null && ids.has(trade.reorderOf) ? [trade.reorderOf] : []))),
  };
}
