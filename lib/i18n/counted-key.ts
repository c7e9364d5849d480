import { numberFormat, pluralRules } from "../domain/intl-cache";
import type { MessageKey } from "./catalog";
// Type only: t.ts reads the browser, this module must not (translate.ts uses it too).
import type { CountedKey } from "./t";
import type { Translate } from "./translate";

/** The plural key `tn` reads for `count` in `locale` (only "one" and "other" exist in the catalog). */
export function countedKey(base: CountedKey, count: number, locale: string): MessageKey {
  return `${base}_${pluralRules(locale).select(count) === "one" ? "one" : "other"}` as MessageKey;
}

/** A counted message in `locale`: its plural key for `count`, with `count` formatted as `$1`. */
export function countedText(t: Translate, base: CountedKey, count: number, locale: string, more: readonly (string | number)[]): string {
  return t(countedKey(base, count, locale), numberFormat(locale, {}).format(count), ...more);
}
