import type { Trade, TradeState } from "./types";
import { TRADE_STATES } from "./types";
import { deliveryGroup, settlementGroup, TRADE_FILTERS, type DeliveryGroup, type SettlementGroup, type TradeFilter } from "./views";

/**
 * The popup's counts over the whole ledger, stored as one record (DB version 3) and kept
 * current in the transaction of every write from what the write changed, so that the popup
 * never counts the ledger itself.
 */
export interface LedgerTotals {
  /** Trades per popup filter ("all" is every trade). */
  filters: Record<TradeFilter, number>;
  /** Trades per lifecycle state. */
  states: Record<TradeState, number>;
}

/** Where one trade is counted. */
export interface Counted {
  state: TradeState;
  delivery: DeliveryGroup;
  settlement: SettlementGroup;
}

export function countedOf(trade: Trade): Counted {
  return { state: trade.lifecycle.state, delivery: deliveryGroup(trade), settlement: settlementGroup(trade) };
}

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

export const NO_TRADES: LedgerTotals = { filters: zeros(TRADE_FILTERS), states: zeros(TRADE_STATES) };

/**
 * The totals after one write: the trade as it was counted before (null for a new trade) out, as
 * it is counted now (null for a deletion) in. The same object when the write moved it nowhere.
 */
export function withChange(totals: LedgerTotals, before: Counted | null, after: Counted | null): LedgerTotals {
  if (before !== null && after !== null && sameCounts(before, after)) return totals;
  const filters = { ...totals.filters };
  const states = { ...totals.states };
  const count = (counted: Counted, by: 1 | -1) => {
    filters.all += by;
    filters[counted.delivery] += by;
    filters[counted.settlement] += by;
    states[counted.state] += by;
  };
  if (before !== null) count(before, -1);
  if (after !== null) count(after, 1);
  return { filters, states };
}

function sameCounts(a: Counted, b: Counted): boolean {
  return a.state === b.state && a.delivery === b.delivery && a.settlement === b.settlement;
}

/** The totals of these trades from nothing (the upgrade to version 3 counts the existing ledger so). */
export function totalsOf(trades: Iterable<Counted>): LedgerTotals {
  let totals = NO_TRADES;
  for (const counted of trades) totals = withChange(totals, null, counted);
  return totals;
}
