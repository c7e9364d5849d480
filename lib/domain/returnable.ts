import { isDelivered } from "./lifecycle";
import { isItem, linesOf } from "./order-lines";
import type { ReturnItem, ReturnRequest, Trade } from "./types";
import { isOpenReturn } from "./views";

/** A return still under way, or one the shop refunded: what it covers cannot be returned again. */
function covers(request: ReturnRequest): boolean {
  return isOpenReturn(request) || request.status === "refunded";
}

/**
 * What can still be returned: the quantities delivered (the carrier's count, or the order's when
 * the shop says delivered without detail), less what earlier returns cover.
 */
export function returnableItems(trade: Trade): ReturnItem[] {
  if (!isDelivered(trade)) return [];
  const { delivery } = trade.processing;
  const counted = delivery.status === "delivered" ? delivery.itemsDelivered : null;
  const taken = trade.returns.filter(covers).flatMap((request) => request.items);
  return linesOf(trade.info.items).flatMap((line) => {
    const delivered =
      counted === null
        ? line.quantity
        : counted.reduce((sum, entry) => (isItem(line, entry) ? sum + entry.quantity : sum), 0);
    const returned = taken.reduce((sum, item) => (isItem(line, item) ? sum + item.quantity : sum), 0);
    const quantity = delivered - returned;
    return quantity > 0 ? [{ sku: line.sku, name: line.name, quantity }] : [];
  });
}
