import { isItem, linesOf } from "./checks";
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
): ReturnItem[] | { error: string } {
  if (picks.length === 0) return { error: "Choose at least one item to order again" };
  const lines = linesOf(trade.info.items);
  const items: ReturnItem[] = [];
  for (const pick of picks) {
    const line = lines.find((each) => isItem(each, pick));
    if (line === undefined) return { error: `${pick.name} is not an item of order ${trade.info.tradingId}` };
    if (items.some((item) => isItem(line, item))) return { error: `${line.name} is chosen twice` };
    if (!Number.isInteger(pick.quantity) || pick.quantity < 1 || pick.quantity > MAX_REORDER_QUANTITY) {
      return { error: `Choose between 1 and ${MAX_REORDER_QUANTITY} × ${line.name}` };
    }
    items.push({ sku: line.sku, name: line.name, quantity: pick.quantity });
  }
  return items;
}
