import { dateTimeFormat } from "../domain/intl-cache";

/**
 * Instants for the calendar days ("2026-12-01") pages give where TradeWatch keeps an instant
 * (docs/adapters.md, "Calendar days"). Midnight UTC would put the day on the previous one west
 * of UTC, so the day is read in the user's time zone, at the time of day its use needs. Pure:
 * the background passes the time zone.
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const NOON_MS = 12 * 3_600_000;
const LAST_MS_OF_DAY = 86_400_000 - 1;

/**
 * When an order placed on `day` was placed: the capture time when that is the day in the user's
 * time zone (a thank-you page is read as the order is placed), else noon of the day there,
 * the instant furthest from either neighbouring day. Null when `day` is not a day.
 */
export function orderDayInstant(day: string, now: string, timeZone: string): string | null {
  const zone = usableZone(timeZone);
  const nowMs = Date.parse(now);
  if (!Number.isNaN(nowMs) && localDay(nowMs, zone) === day) return new Date(nowMs).toISOString();
  return zonedInstant(day, NOON_MS, zone);
}

/**
 * A deadline given as a day ("pay by", "arrives by"): the last millisecond of that day in the
 * user's time zone, so it is overdue only once the day is over. Null when `day` is not a day.
 */
export function endOfDay(day: string, timeZone: string): string | null {
  return zonedInstant(day, LAST_MS_OF_DAY, usableZone(timeZone));
}

/** The zone, or UTC when Intl does not know it: reading a page never throws. */
function usableZone(timeZone: string): string {
  try {
    dateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    return timeZone;
  } catch {
    return "UTC";
  }
}

/** The instant `sinceMidnight` into `day` on the zone's clocks, as an ISO string. */
function zonedInstant(day: string, sinceMidnight: number, timeZone: string): string | null {
  const match = DAY.exec(day);
  if (!match) return null;
  const date = new Date(0);
  date.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (date.toISOString().slice(0, 10) !== day) return null;
  const wall = date.getTime() + sinceMidnight;
  // The offset at the wall time read as UTC, then at the instant that gives: they differ only across a clock change.
  const guess = wall - offsetAt(wall, timeZone);
  return new Date(wall - offsetAt(guess, timeZone)).toISOString();
}

/** "GMT", "GMT+05:30", "GMT-04:56:02" (a local mean time of old): the zone's offset as Intl names it. */
const GMT_OFFSET = /^GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** How far the zone's clocks are ahead of UTC at `ms`. */
function offsetAt(ms: number, timeZone: string): number {
  const name = dateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(ms)
    .find((part) => part.type === "timeZoneName")?.value;
  const match = GMT_OFFSET.exec(name ?? "");
  if (!match?.[1]) return 0;
  const seconds = (Number(match[2]) * 60 + Number(match[3])) * 60 + Number(match[4] ?? 0);
  return (match[1] === "-" ? -1 : 1) * seconds * 1000;
}

/** The calendar day ("YYYY-MM-DD") `ms` falls on in the zone. */
function localDay(ms: number, timeZone: string): string {
  return new Date(ms + offsetAt(ms, timeZone)).toISOString().slice(0, 10);
}
