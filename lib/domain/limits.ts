import type { MessageKey } from "../i18n/catalog";
import { ENGLISH, type Language } from "../i18n/translate";
import type { Limit, LimitPeriod } from "../settings/schema";
import { localDay } from "./calendar-day";
import { sumByCurrency } from "./money";
import type { Money, Trade } from "./types";
import { isCancelled, settlementGroup } from "./views";

/**
 * Spending limits (seed 002 claim 8, with shops and periods as Privacy.com and Firefly III
 * users know them). What a limit counts:
 *
 * - **Scope.** Only trades whose total is in the limit's currency (amounts are never
 *   converted), and, when the limit names a shop, only trades at that shop's origin.
 * - **Period "none"** caps what is not settled yet: the totals of the trades whose
 *   settlementGroup is "unsettled" (claim 7's total).
 * - **Any other period** caps committed spend: the totals of the trades ordered in the period
 *   that are not void. Void means the shop cancelled, or the payment failed or was refunded;
 *   a settled order still counts, since the money was spent.
 * - **Periods** are read in the user's time zone (an IANA name): "calendar-month" is the
 *   current month and "calendar-week" the current week (from Monday), both from local
 *   midnight; "rolling-30-days" is the 30 × 24 hours before now. An order dated after now (a
 *   shop clock running ahead) counts as in the current period.
 * - **Over** means used above the amount: reaching the limit exactly is allowed.
 */

export interface LimitStatus {
  limit: Limit;
  /** What the limit counts now, in its currency. */
  used: Money;
  /** used / amount for a meter (0..∞). */
  share: number;
  over: boolean;
}

/** A period that caps committed spend (every period but "none"). */
export type SpendingPeriod = Exclude<LimitPeriod, "none">;

/** An order about to be placed (a checkout page's total, or a new order). */
export interface PendingOrder {
  shopOrigin: string;
  total: Money;
}

const ROLLING_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export function evaluateLimits(trades: Trade[], limits: Limit[], now: string, timeZone: string): LimitStatus[] {
  return limits.map((limit) => statusOf(limit, usedBy(trades, limit, now, timeZone)));
}

/**
 * The limits that would be over once the pending order counts too (it is ordered now and not
 * settled, so it counts for every period). A limit already over stays in the list.
 */
export function wouldExceed(
  trades: Trade[],
  limits: Limit[],
  pending: PendingOrder,
  now: string,
  timeZone: string,
): LimitStatus[] {
  return limits
    .filter((limit) => inScope(limit, pending.shopOrigin, pending.total.currency))
    .map((limit) => statusOf(limit, usedBy(trades, limit, now, timeZone) + pending.total.minor))
    .filter((status) => status.over);
}

/** Committed spend in the current period, per currency, over all shops. */
export function committedSpend(trades: Trade[], period: SpendingPeriod, now: string, timeZone: string): Money[] {
  const start = periodStart(period, now, timeZone);
  const committed = trades.filter((trade) => isCommittedSince(trade, start, timeZone));
  return sumByCurrency(committed.map((trade) => trade.info.total));
}

const PERIOD_WORDS: Record<LimitPeriod, MessageKey> = {
  none: "limit_period_none",
  "calendar-month": "limit_period_calendarMonth",
  "rolling-30-days": "limit_period_rolling30Days",
  "calendar-week": "limit_period_calendarWeek",
};

/** "All shops · this month", "Tea Shop · last 30 days"; a shop without a known name shows its host. */
export function describeLimit(
  limit: Pick<Limit, "shopOrigin" | "period">,
  shopName?: string,
  lang: Language = ENGLISH,
): string {
  const shop = limit.shopOrigin === null ? lang.t("limit_allShops") : (shopName ?? hostOf(limit.shopOrigin));
  return lang.t("limit_scope", shop, lang.t(PERIOD_WORDS[limit.period]));
}

/**
 * One readable line, in `lang`, for a limit the pending order would push over:
 * "This order of €93.00 would take you over your €50.00 limit (All shops · this month): €34.00 already used."
 */
export function exceededMessage(status: LimitStatus, pending: Money, shopName?: string, lang: Language = ENGLISH): string {
  const before = { currency: status.used.currency, minor: status.used.minor - pending.minor };
  return lang.t(
    "limit_exceeded",
    lang.money(pending),
    lang.money(status.limit.amount),
    describeLimit(status.limit, shopName, lang),
    lang.money(before),
  );
}

function statusOf(limit: Limit, used: number): LimitStatus {
  const amount = limit.amount.minor;
  const { currency } = limit.amount;
  return { limit, used: { currency, minor: used }, share: shareOf(used, amount), over: used > amount };
}

function shareOf(used: number, limit: number): number {
  // A zero limit is fully used at zero and infinitely exceeded by anything more.
  if (limit === 0) return used > 0 ? Number.POSITIVE_INFINITY : 0;
  return used / limit;
}

function usedBy(trades: Trade[], limit: Limit, now: string, timeZone: string): number {
  const inLimit = trades.filter((trade) => inScope(limit, trade.info.shop.origin, trade.info.total.currency));
  const { period } = limit;
  let counted: Trade[];
  if (period === "none") counted = inLimit.filter((trade) => settlementGroup(trade) === "unsettled");
  else {
    const start = periodStart(period, now, timeZone);
    counted = inLimit.filter((trade) => isCommittedSince(trade, start, timeZone));
  }
  return counted.reduce((sum, trade) => sum + trade.info.total.minor, 0);
}

function inScope(limit: Limit, shopOrigin: string, currency: string): boolean {
  if (limit.amount.currency !== currency) return false;
  return limit.shopOrigin === null || originOf(limit.shopOrigin) === originOf(shopOrigin);
}

/** Void orders commit no money: cancelled by the shop, or a payment that failed or came back. */
export function isVoid(trade: Trade): boolean {
  const payment = trade.processing.payment.status;
  return isCancelled(trade) || payment === "failed" || payment === "refunded";
}

function isCommittedSince(trade: Trade, start: PeriodStart, timeZone: string): boolean {
  return !isVoid(trade) && isAtOrAfter(trade.info.orderDate, start, timeZone);
}

/**
 * Where the current period begins. Calendar periods are kept as local calendar days rather
 * than instants: comparing local dates needs no offset arithmetic, so DST changes (even a
 * missing local midnight) cannot shift a boundary.
 */
type PeriodStart = { kind: "instant"; ms: number } | { kind: "local-day"; day: number };

function periodStart(period: SpendingPeriod, now: string, timeZone: string): PeriodStart {
  if (period === "rolling-30-days") return { kind: "instant", ms: Date.parse(now) - ROLLING_WINDOW_MS };
  const today = dayOf(now, timeZone);
  if (today === null) throw new RangeError(`The clock's time ${JSON.stringify(now)} is not a date`);
  if (period === "calendar-month") return { kind: "local-day", day: dayNumber(today.year, today.month, 1) };
  const day = dayNumber(today.year, today.month, today.day);
  // 1970-01-01 (day 0) was a Thursday: day + 3 counts from a Monday.
  const daysSinceMonday = (((day + 3) % 7) + 7) % 7;
  return { kind: "local-day", day: day - daysSinceMonday };
}

/** A malformed stored date counts in no period rather than breaking the whole view. */
function isAtOrAfter(iso: string, start: PeriodStart, timeZone: string): boolean {
  if (start.kind === "instant") {
    const ms = Date.parse(iso);
    return !Number.isNaN(ms) && ms >= start.ms;
  }
  const local = dayOf(iso, timeZone);
  return local !== null && dayNumber(local.year, local.month, local.day) >= start.day;
}

interface LocalDay {
  year: number;
  month: number;
  day: number;
}

/** The calendar day an instant falls on in the time zone (a RangeError for an unknown zone: a caller bug worth seeing). */
function dayOf(iso: string, timeZone: string): LocalDay | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const [year = NaN, month = NaN, day = NaN] = localDay(ms, timeZone).split("-").map(Number);
  return { year, month, day };
}

/** Days since 1970-01-01 of a calendar date (no time zone involved). */
function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** The host (and port) of a URL, for labels; the text itself when it is no URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
