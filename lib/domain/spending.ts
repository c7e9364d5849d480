import type { Limit } from "../settings/schema";
import type { Money, Trade } from "./types";
import { isVoid } from "./limits";
import { settlementGroup } from "./views";

/**
 * The spending picture (issue 8): what was ordered per local calendar month and per currency,
 * split into what is settled (paid) and what is not settled yet, with the monthly limit.
 *
 * - **What counts** is what limits with a period count (lib/domain/limits.ts): orders that are
 *   not void. A void order (cancelled by the shop, payment failed or refunded) spent nothing.
 * - **Months** are calendar months in the user's time zone (an IANA name), by order date. An
 *   order dated after now (a shop clock running ahead) counts in the current month; a date that
 *   does not parse counts nowhere rather than breaking the picture.
 * - **Currencies are never mixed:** one series per currency, in minor units.
 * - **The limit** of a currency is its calendar-month limit for all shops. A limit for one shop
 *   or another period caps something else than a month's bar, so it is not drawn.
 */

/** How an order counts in the picture. */
export type SpendingState = "settled" | "unsettled" | "void";

export function spendingState(trade: Trade): SpendingState {
  return isVoid(trade) ? "void" : settlementGroup(trade);
}

/** A calendar month: year and month (1–12). */
export interface CalendarMonth {
  year: number;
  month: number;
}

export interface MonthSpending extends CalendarMonth {
  /** Minor units of the orders of this month that are paid. */
  settled: number;
  /** Minor units of the orders of this month not settled yet. */
  unsettled: number;
}

export interface CurrencySpending {
  currency: string;
  /** Oldest first, ending with the current month; months without orders are there with zeros. */
  months: MonthSpending[];
  /** The calendar-month limit for all shops in this currency, if the user set one. */
  limit: Money | null;
}

export const PICTURE_MONTHS = 12;

/**
 * Spending of the last `monthCount` calendar months (the current one included) per currency,
 * sorted by currency code. A currency is listed when something counts in it in that window: a
 * limit alone draws no empty chart.
 */
export function monthlySpending(
  trades: readonly Trade[],
  limits: readonly Limit[],
  now: string,
  timeZone: string,
  monthCount = PICTURE_MONTHS,
): CurrencySpending[] {
  const current = localMonth(now, timeZone);
  if (current === null) throw new RangeError(`The clock's time ${JSON.stringify(now)} is not a date`);
  const last = monthIndex(current);
  const first = last - monthCount + 1;
  const series = new Map<string, MonthSpending[]>();
  for (const trade of trades) {
    const state = spendingState(trade);
    if (state === "void") continue;
    const month = localMonth(trade.info.orderDate, timeZone);
    if (month === null) continue;
    const index = Math.min(monthIndex(month), last);
    if (index < first) continue;
    const { currency, minor } = trade.info.total;
    let months = series.get(currency);
    if (months === undefined) {
      months = Array.from({ length: monthCount }, (_, offset) => ({ ...fromIndex(first + offset), settled: 0, unsettled: 0 }));
      series.set(currency, months);
    }
    months[index - first]![state] += minor;
  }

  const monthly = new Map<string, Money>();
  for (const limit of limits) {
    if (limit.period === "calendar-month" && limit.shopOrigin === null) monthly.set(limit.amount.currency, limit.amount);
  }

  return [...series]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, months]) => ({ currency, months, limit: monthly.get(currency) ?? null }));
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar month an instant falls in, in the time zone; null when the text is not a date. */
export function localMonth(iso: string, timeZone: string): CalendarMonth | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    // Throws a RangeError for a time zone that is not an IANA name: a caller bug worth seeing.
    formatter = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric" });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(ms);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((entry) => entry.type === type)?.value);
  return { year: part("year"), month: part("month") };
}

function monthIndex({ year, month }: CalendarMonth): number {
  return year * 12 + (month - 1);
}

function fromIndex(index: number): CalendarMonth {
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}
