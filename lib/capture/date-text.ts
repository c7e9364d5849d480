/**
 * Reads a calendar date as shops print it for people ("November 16, 2026", "16. November
 * 2026", "16/11/2026", "2026年11月16日") where the page has no machine-readable one
 * (WooCommerce's order overview). Pure; month names come from Intl for the page's language
 * and English.
 */

/** Far longer than any printed date; keeps the work on hostile text bounded. */
const MAX_DATE_TEXT = 80;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/;
/** Chinese, Japanese and Korean order: year 年/년, month 月/월, day 日/일. */
const YEAR_MONTH_DAY_MARKED = /^(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?$/;
const NUMERIC = /^(\d{1,4})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{1,4})\.?$/;
const WORDS = /\p{L}+|\d+/gu;
const DAY_MS = 86_400_000;
/** The earliest time zone is UTC+14: a day has begun somewhere once its UTC midnight is this near. */
const EARLIEST_ZONE_MS = 14 * 3_600_000;

/**
 * The date `text` names as "YYYY-MM-DD", or null when it is not exactly one valid date.
 * Numeric dates are day first unless the locale writes the month first (en-US) or a number
 * above 12 says otherwise; two-digit years are refused (which century is a guess). Given
 * `near` (an instant the date should be close to: a confirmation page's capture time), a
 * numeric date that reads both ways ("03/04/2026") is the reading that has begun somewhere by
 * then and is nearest to it, as the page's language says nothing about the site's date format.
 */
export function parseDateText(text: string, locale?: string | null, near?: string): string | null {
  const plain = text.replace(/[\s\u00a0\u202f]+/g, " ").trim();
  if (plain.length > MAX_DATE_TEXT) return null;
  const iso = ISO_DATE.exec(plain);
  if (iso) return validDate(iso[1], iso[2], iso[3]);
  const marked = YEAR_MONTH_DAY_MARKED.exec(plain);
  if (marked) return validDate(marked[1], marked[2], marked[3]);
  const numeric = NUMERIC.exec(plain);
  if (numeric) return numericDate(numeric[1] ?? "", numeric[2] ?? "", numeric[3] ?? "", locale, near);
  return namedMonthDate(plain, locale);
}

function numericDate(first: string, second: string, third: string, locale: string | null | undefined, near: string | undefined): string | null {
  if (first.length === 4) return validDate(first, second, third);
  if (third.length !== 4) return null;
  const monthFirst = Number(first) <= 12 && (Number(second) > 12 || writesMonthFirst(locale));
  const byLocale = monthFirst ? validDate(third, first, second) : validDate(third, second, first);
  const other = monthFirst ? validDate(third, second, first) : validDate(third, first, second);
  const at = near === undefined ? NaN : Date.parse(near);
  if (byLocale === null || other === null || byLocale === other || Number.isNaN(at)) return byLocale;
  return nearestBegun([byLocale, other], at) ?? byLocale;
}

/** Of the days, the one nearest to the instant among those begun somewhere by then; the first wins a tie. */
function nearestBegun(days: string[], at: number): string | null {
  let nearest: string | null = null;
  let distance = Infinity;
  for (const day of days) {
    const midnight = Date.parse(day);
    if (midnight - EARLIEST_ZONE_MS > at) continue;
    const away = Math.abs(midnight + DAY_MS / 2 - at);
    if (away < distance) [nearest, distance] = [day, away];
  }
  return nearest;
}

function writesMonthFirst(locale: string | null | undefined): boolean {
  const parts = dateParts(locale ?? "en-GB", { day: "numeric", month: "numeric", year: "numeric" });
  return parts.findIndex((part) => part.type === "month") < parts.findIndex((part) => part.type === "day");
}

function namedMonthDate(plain: string, locale: string | null | undefined): string | null {
  const names = monthNames(locale);
  let year: string | null = null;
  let day: string | null = null;
  let month: number | null = null;
  for (const word of plain.toLowerCase().match(WORDS) ?? []) {
    if (/^\d{4}$/.test(word)) {
      if (year !== null) return null;
      year = word;
    } else if (/^\d{1,2}$/.test(word)) {
      if (day !== null) return null;
      day = word;
    } else if (names.has(word)) {
      if (month !== null) return null;
      month = names.get(word) ?? null;
    }
  }
  return year === null || day === null || month === null ? null : validDate(year, String(month), day);
}

/** Long and short month names, standalone and as written in a date (Russian "ноября"), lower-case, without dots. */
function monthNames(locale: string | null | undefined): Map<string, number> {
  const names = new Map<string, number>();
  for (const language of locale ? [locale, "en"] : ["en"]) {
    for (const style of ["long", "short"] as const) {
      for (let month = 1; month <= 12; month++) {
        const at = Date.UTC(2000, month - 1, 15);
        const forms = [
          ...dateParts(language, { month: style }, at),
          ...dateParts(language, { day: "numeric", month: style }, at),
        ].filter((part) => part.type === "month");
        for (const { value } of forms) names.set(value.toLowerCase().replace(/\.$/, ""), month);
      }
    }
  }
  return names;
}

function dateParts(locale: string, options: Intl.DateTimeFormatOptions, at = Date.UTC(2000, 10, 15)): Intl.DateTimeFormatPart[] {
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" }).formatToParts(at);
  } catch {
    return [];
  }
}

function validDate(year = "", month = "", day = ""): string | null {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1000 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}
