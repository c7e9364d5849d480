/**
 * Calendar days in a time zone (an IANA name): which day an instant falls on, and the instants a
 * day spans. The user's days decide the spending limits' periods, the history search's dates and
 * the instants TradeWatch keeps for the days pages give alone (docs/adapters.md, "Calendar
 * days"): midnight UTC would put such a day on the previous one west of UTC.
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const NOON_MS = 12 * 3_600_000;
/** Time zones are at most 14 hours from UTC: a local day starts within this of its UTC midnight. */
const MAX_OFFSET_MINUTES = 15 * 60;

/** One formatter per zone, looked up by its name alone: the limits ask once per trade. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** "YYYY-MM-DD" of the instant in the time zone (comparable as text for four-digit years); a RangeError for an unknown zone. */
export function localDay(ms: number, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(ms);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((entry) => entry.type === type)?.value ?? "";
  return `${part("year").padStart(4, "0")}-${part("month")}-${part("day")}`;
}

/**
 * The first instant of a calendar day (YYYY-MM-DD) in the time zone. Found by bisection over
 * whole minutes around the day's UTC midnight (offsets are whole minutes), asking Intl which day
 * each minute falls on: no offset arithmetic, so a day that begins at 01:00 (a clock change at
 * midnight) still begins at its first real minute. A malformed day is a caller bug: RangeError.
 */
export function startOfLocalDay(day: string, timeZone: string): number {
  const midnight = utcMidnight(day);
  let low = midnight / MINUTE_MS - MAX_OFFSET_MINUTES;
  let high = midnight / MINUTE_MS + MAX_OFFSET_MINUTES;
  // Invariant: the minute `high` is on `day` or later; the minute `low` is before it.
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (localDay(middle * MINUTE_MS, timeZone) >= day) high = middle;
    else low = middle;
  }
  return high * MINUTE_MS;
}

export function nextDay(day: string): string {
  return new Date(utcMidnight(day) + DAY_MS).toISOString().slice(0, 10);
}

/** Midnight UTC of a calendar day; a RangeError for anything that is not one (2026-02-30 included). */
function utcMidnight(day: string): number {
  const match = DAY.exec(day);
  const at = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== day) {
    throw new RangeError(`${JSON.stringify(day)} is not a day (YYYY-MM-DD)`);
  }
  return at;
}

/**
 * When an order placed on `day` was placed: the capture time when that is the day in the user's
 * time zone (a thank-you page is read as the order is placed), else twelve hours into the day
 * there, as far as can be from either neighbouring day. Null when `day` is not a day; never throws.
 */
export function orderDayInstant(day: string, now: string, timeZone: string): string | null {
  return onDay(day, timeZone, (zone) => {
    const nowMs = Date.parse(now);
    if (!Number.isNaN(nowMs) && localDay(nowMs, zone) === day) return nowMs;
    return startOfLocalDay(day, zone) + NOON_MS;
  });
}

/**
 * A deadline given as a day ("pay by", "arrives by"): the last millisecond of that day in the
 * user's time zone, so it is overdue only once the day is over. Null when `day` is not a day;
 * never throws.
 */
export function endOfDay(day: string, timeZone: string): string | null {
  return onDay(day, timeZone, (zone) => startOfLocalDay(nextDay(day), zone) - 1);
}

/** `instant` of the day in the zone (UTC when Intl does not know it), or null when `day` is not a day: reading a page never throws. */
function onDay(day: string, timeZone: string, instant: (zone: string) => number): string | null {
  try {
    utcMidnight(day);
  } catch {
    return null;
  }
  let zone = timeZone;
  try {
    localDay(0, zone);
  } catch {
    zone = "UTC";
  }
  return new Date(instant(zone)).toISOString();
}
