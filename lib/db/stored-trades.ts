import type { Trade } from "../domain/types";

/**
 * The trades stored under `ids`, each once, in the order asked, from the trades store of a
 * transaction the caller holds (so they are one snapshot). An id with no trade (deleted since
 * its key was read) is left out.
 */
export async function storedTrades(store: { get(id: string): Promise<Trade | undefined> }, ids: Iterable<string>): Promise<Trade[]> {
  const trades = await Promise.all([...new Set(ids)].map((id) => store.get(id)));
  return trades.filter((trade): trade is Trade => trade !== undefined);
}
