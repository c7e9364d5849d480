import { dateTimeFormat, relativeTimeFormat } from "../lib/domain/intl-cache";
import { t, uiLocale } from "../lib/i18n/t";

/**
 * Dates for people, in the UI's language and the browser's time zone. `now` is passed in
 * rather than read from the clock so that "today" is decided by the caller (and by tests).
 */

const MS_PER_DAY = 86_400_000;

function dayFormat(withYear: boolean): Intl.DateTimeFormat {
  return dateTimeFormat(uiLocale(), { day: "numeric", month: "short", year: withYear ? "numeric" : undefined });
}

/** Whole calendar days from `now` to `date` in the local time zone (tomorrow is 1). */
function calendarDaysFrom(now: Date, date: Date): number {
  const localMidnight = (d: Date) => Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
  return Math.round((localMidnight(date) - localMidnight(now)) / MS_PER_DAY);
}

interface Day {
  text: string;
  /** Whole days from today for "today", "yesterday" and "tomorrow"; null for a date written out. */
  offset: number | null;
}

function describeDay(iso: string, now: string): Day {
  const date = new Date(iso);
  const today = new Date(now);
  // A malformed date from storage should read as itself, not break the whole page.
  if (Number.isNaN(date.getTime())) return { text: iso, offset: null };
  if (Number.isNaN(today.getTime())) return { text: dayFormat(true).format(date), offset: null };
  const offset = calendarDaysFrom(today, date);
  if (Math.abs(offset) <= 1) {
    // numeric "auto" gives the words ("today", "heute", "今日") rather than "in 0 days".
    return { text: relativeTimeFormat(uiLocale(), { numeric: "auto" }).format(offset, "day"), offset };
  }
  return { text: dayFormat(date.getFullYear() !== today.getFullYear()).format(date), offset: null };
}

/** "today", "yesterday", "tomorrow", "Nov 23", or "Nov 23, 2023" outside the current year (in the UI's language). */
export function formatDay(iso: string, now: string): string {
  return describeDay(iso, now).text;
}

/** "on Nov 23", or just "today" / "yesterday" where "on" would read oddly. */
export function formatOnDay(iso: string, now: string): string {
  const day = describeDay(iso, now);
  return day.offset === null ? t("label_onDay", day.text) : day.text;
}

/** "10:32 AM" today, otherwise "Nov 22, 10:32 AM" (in the UI's language). */
export function formatMoment(iso: string, now: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = dateTimeFormat(uiLocale(), { hour: "2-digit", minute: "2-digit" }).format(date);
  const day = describeDay(iso, now);
  return day.offset === 0 ? time : t("label_dayAndTime", day.text, time);
}

/** Whole days elapsed from `from` to `now` (0 within the first day); 0 for an unreadable date. */
export function wholeDaysSince(from: string, now: string): number {
  const elapsed = Date.parse(now) - Date.parse(from);
  return Number.isNaN(elapsed) ? 0 : Math.max(0, Math.floor(elapsed / MS_PER_DAY));
}
