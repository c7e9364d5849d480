/**
 * Dates for people, in the browser's locale and time zone. `now` is passed in rather than
 * read from the clock so that "today" is decided by the caller (and by tests).
 */

const DAY = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });
const DAY_AND_YEAR = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric" });
const TIME = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

const MS_PER_DAY = 86_400_000;

// The surrounding UI words are English, so the relative words are too.
const RELATIVE: Record<number, string> = { [-1]: "yesterday", 0: "today", 1: "tomorrow" };

/** Whole calendar days from `now` to `date` in the local time zone (tomorrow is 1). */
function calendarDaysFrom(now: Date, date: Date): number {
  const localMidnight = (d: Date) => Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
  return Math.round((localMidnight(date) - localMidnight(now)) / MS_PER_DAY);
}

interface Day {
  text: string;
  /** True for "today", "yesterday" and "tomorrow". */
  relative: boolean;
}

function describeDay(iso: string, now: string): Day {
  const date = new Date(iso);
  const today = new Date(now);
  // A malformed date from storage should read as itself, not break the whole page.
  if (Number.isNaN(date.getTime())) return { text: iso, relative: false };
  if (Number.isNaN(today.getTime())) return { text: DAY_AND_YEAR.format(date), relative: false };
  const relative = RELATIVE[calendarDaysFrom(today, date)];
  if (relative !== undefined) return { text: relative, relative: true };
  return { text: (date.getFullYear() === today.getFullYear() ? DAY : DAY_AND_YEAR).format(date), relative: false };
}

/** "today", "yesterday", "tomorrow", "23 Nov", or "23 Nov 2023" outside the current year. */
export function formatDay(iso: string, now: string): string {
  return describeDay(iso, now).text;
}

/** "on 23 Nov", or just "today" / "yesterday" where "on" would read oddly. */
export function formatOnDay(iso: string, now: string): string {
  const day = describeDay(iso, now);
  return day.relative ? day.text : `on ${day.text}`;
}

/** "10:32" today, otherwise "22 Nov, 10:32". */
export function formatMoment(iso: string, now: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = TIME.format(date);
  const day = describeDay(iso, now);
  return day.text === RELATIVE[0] ? time : `${day.text}, ${time}`;
}

/** Whole days elapsed from `from` to `now` (0 within the first day); 0 for an unreadable date. */
export function wholeDaysSince(from: string, now: string): number {
  const elapsed = Date.parse(now) - Date.parse(from);
  return Number.isNaN(elapsed) ? 0 : Math.max(0, Math.floor(elapsed / MS_PER_DAY));
}
