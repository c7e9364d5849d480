import { tradeKey } from "../lib/domain/trade-key";

/** The trading identifier in the key of a trade at `origin` (a reorder's original and its new order are at one shop). */
export function tradingIdAt(tradeId: string, origin: string): string {
  const prefix = tradeKey(origin, "");
  return tradeId.startsWith(prefix) ? tradeId.slice(prefix.length) : tradeId;
}
