import { SOURCES } from "./types";
import type { Trade } from "./types";
import { withSchedule } from "./schedule";

/**
 * Vendure's Shop API shows an order to guests (`orderByCode`) only for a while after it is
 * placed (2 hours by default), then answers FORBIDDEN. That is the shop's policy, not a fault:
 * the user is told, and the last known state is kept.
 */
export function guestWindowNotice(shopName: string): string {
  return (
    `${shopName} shows an order to guests only for a while after it is placed; TradeWatch keeps the last state it saw. ` +
    "Open the order in your account at the shop to see later changes."
  );
}

/** Stops asking every source of the trade, saying why on the trade; what is known stays as it is. */
export function stopAskingWithNotice(trade: Trade, notice: string): Trade {
  const processing = { ...trade.processing };
  for (const source of SOURCES) processing[source] = { ...processing[source], nextCheckAt: null };
  return withSchedule({ ...trade, processing, notice });
}
