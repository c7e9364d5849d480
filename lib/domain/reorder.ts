import { ENGLISH, type Language } from "../i18n/translate";
import { isItem, linesOf } from "./order-lines";
import type { ReturnItem, Trade } from "./types";

/**
 * Reorder (seed 002 claim 10): the user picks part of a trade's items, with new quantities, and
 * the shop places a new order for them; the new order is captured as a trade linked to this one
 * (newTrade's `reorderOf`).
 */

export const MAX_REORDER_QUANTITY = 999;

/** The items to order again, named as on the original order; picks match its items by sku, else by name. */
export function reorderItems(
  trade: Trade,
  picks: { sku: string | null; name: string; quantity: number }[],
  lang: Language = ENGLISH,
): ReturnItem[] | { error: string } {
  if (picks.length === 0) return { error: lang.t("event_reorderNoItems") };
  const lines = linesOf(trade.info.items);
  const items: ReturnItem[] = [];
  for (const pick of picks) {
    const line = lines.find((each) => isItem(each, pick));
    if (line === undefined) return { error: lang.t("event_reorderNotAnItem", pick.name, trade.info.tradingId) };
    if (items.some((item) => isItem(line, item))) return { error: lang.t("event_reorderTwice", line.name) };
    if (!Number.isInteger(pick.quantity) || pick.quantity < 1 || pick.quantity > MAX_REORDER_QUANTITY) {
      return { error: lang.t("event_reorderQuantity", MAX_REORDER_QUANTITY, line.name) };
    }
    items.push({ sku: line.sku, name: line.name, quantity: pick.quantity });
  }
  return items;
}
