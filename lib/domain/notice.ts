import { ENGLISH, type Language } from "../i18n/translate";
import { SOURCES } from "./types";
import type { Trade } from "./types";
import { withSchedule } from "./schedule";

/**
 * Vendure's Shop API shows an order to guests (`orderByCode`) only for a while after it is
 * placed (2 hours by default), then answers FORBIDDEN. That is the shop's policy, not a fault:
 * the user is told, and the last known state is kept.
 */
export function guestWindowNotice(shopName: string, lang: Language = ENGLISH): string {
  return lang.t("event_guestWindow", shopName);
}

/** Stops asking every source of the trade, saying why on the trade; what is known stays as it is. */
export function stopAskingWithNotice(trade: Trade, notice: string): Trade {
  const processing = { ...trade.processing };
  for (const source of SOURCES) processing[source] = { ...processing[source], nextCheckAt: null };
  return withSchedule({ ...trade, processing, notice });
}
