import { FINISHED_STATES } from "../domain/history-search";
import type { Trade, TradeSummary } from "../domain/types";
import { openTradeDb } from "./schema";
import { storedTrades } from "./stored-trades";

/** The summary rows of every finished trade, for the history view: read through the by-state index, in one transaction. */
export async function loadFinishedSummaries(): Promise<TradeSummary[]> {
  const db = await openTradeDb();
  const index = db.transaction("summaries").store.index("by-state");
  // One read per state rather than a key range: a range from "completed" to "failed" holds whatever state sorts between them.
  const perState = await Promise.all(FINISHED_STATES.map((state) => index.getAll(state)));
  return perState.flat();
}

/**
 * The stored trades with these ids, in the order asked, each once, read in one readonly
 * transaction so that they are a consistent snapshot. An id with no trade (deleted since the
 * list was read) is left out.
 */
export async function loadTradesByIds(ids: string[]): Promise<Trade[]> {
  const db = await openTradeDb();
  return storedTrades(db.transaction("trades").store, ids);
}
