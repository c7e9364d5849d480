import { pluralRules } from "../domain/intl-cache";
import type { MessageKey } from "./catalog";
// Type only: t.ts reads the browser, this module must not (translate.ts uses it too).
import type { CountedKey } from "./t";

/** The plural key `tn` reads for `count` in `locale` (only "one" and "other" exist in the catalog). */
export function countedKey(base: CountedKey, count: number, locale: string): MessageKey {
  return `${base}_${pluralRules(locale).select(count) === "one" ? "one" : "other"}` as MessageKey;
}
