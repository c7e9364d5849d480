import { dateTimeFormat, listFormat } from "../domain/intl-cache";
import { formatMoney } from "../domain/money";
import type { Money } from "../domain/types";
import type { MessageKey } from "./catalog";
import { countedText } from "./counted-key";
import { eventsEnglish } from "./catalog/events";
import { limitsEnglish } from "./catalog/limits";
import { notifyEnglish } from "./catalog/notify";
import { warningsEnglish } from "./catalog/warnings";
import type { Messages } from "./define";
// Type only: t.ts reads the browser, this module must not.
import type { CountedKey } from "./t";
import { userTimeZone } from "../time-zone";

/**
 * Messages without the browser, for pure code (lib/domain) and tests: the caller passes the
 * language in, the background the browser's (ui-language.ts), pure code defaults to ENGLISH.
 * This module must not import the whole catalog (catalog.ts) at run time: see ENGLISH.
 */

/** The text of `key` with `$1`…`$9` replaced by `substitutions`, as `t` from t.ts gives it. */
export type Translate = (key: MessageKey, ...substitutions: (string | number)[]) => string;

/** `$1`…`$9` in `message` replaced by the substitutions (a missing one by nothing), as the browser's i18n does. */
export function substitute(message: string, substitutions: readonly (string | number)[]): string {
  return message.replace(/\$(\d)/g, (_, n: string) => String(substitutions[Number(n) - 1] ?? ""));
}

/** A Translate over one locale's messages; a missing key reads as itself, as `t` does. */
export function translateFrom(messages: Messages): Translate {
  return (key, ...substitutions) => {
    const message = messages[key];
    return message === undefined ? key : substitute(message, substitutions);
  };
}

/**
 * The language messages are written in: its texts, and the locale that formats the numbers,
 * money and dates in them, so that a German message carries "1.234,56 €" and "23.11.2026".
 */
export interface Language {
  /** A BCP 47 tag for Intl. */
  readonly locale: string;
  readonly t: Translate;
  /** A counted message: `<base>_one` or `<base>_other` by the locale's plural rules, the count as `$1`. */
  tn(base: CountedKey, count: number, ...more: (string | number)[]): string;
  money(amount: Money): string;
  /**
   * A calendar day in the language's time zone ("Nov 23, 2026", "23.11.2026", "2026/11/23"): the
   * user's, so a warning names the day the trade card beside it shows. A stored warning is
   * written again whenever its trade is checked, so it follows the user to another zone.
   */
  day(iso: string): string;
  /** "a, b and c" in the locale's words. */
  list(items: readonly string[]): string;
}

const LIST: Intl.ListFormatOptions = { type: "conjunction" };

/** `timeZone` (an IANA name) for days; by default the one this code runs in, the user's. */
export function languageOf(
  t: Translate,
  locale: string,
  timeZone: string = userTimeZone(),
): Language {
  const dayOptions: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeZone };
  // Formatters are built on first use (a page may never write such a message), then cached.
  return {
    locale,
    t,
    tn: (base, count, ...more) => countedText(t, base, count, locale, more),
    money: (amount) => formatMoney(amount, locale),
    // A malformed stored date reads as itself rather than throwing.
    day: (iso) => (Number.isNaN(Date.parse(iso)) ? iso : dateTimeFormat(locale, dayOptions).format(new Date(iso))),
    list: (items) => listFormat(locale, LIST).format(items),
  };
}

/**
 * What pure code writes when its caller names no language: the English of the parts lib/domain
 * writes from, and only those, so that a bundle carries no other catalog (the pages and the
 * background have the whole catalog in the browser's `_locales`).
 */
export const ENGLISH: Language = languageOf(
  translateFrom({ ...warningsEnglish, ...eventsEnglish, ...notifyEnglish, ...limitsEnglish }),
  "en",
  // Days in UTC: what pure code writes without its caller's language does not depend on the machine.
  "UTC",
);
