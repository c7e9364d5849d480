import { browser } from "wxt/browser";
import type { MessageKey } from "./catalog";
import { countedText } from "./counted-key";

/**
 * The user's text for `key` from the browser's i18n messages (`_locales`), with `$1`…`$9`
 * replaced by `substitutions`. Numbers in substitutions should already be formatted
 * (see format.ts): the browser inserts them as they are.
 */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  // WXT types getMessage from public/_locales, which holds nothing: the catalog is generated at build.
  const getMessage = browser.i18n.getMessage as (name: string, substitutions?: string[]) => string;
  const text = getMessage(key, substitutions.map(String));
  // An empty answer means the key is missing in every locale: show the key, never a blank.
  return text === "" ? key : text;
}

/** Keys of counted messages: `<base>_one` and `<base>_other` both exist. */
type CountedBase<K extends string> = K extends `${infer B}_other` ? (`${B}_one` extends MessageKey ? B : never) : never;
export type CountedKey = CountedBase<MessageKey>;

/**
 * A counted message: `tn("popup_openOrders", 3)` reads `popup_openOrders_other` with "3" as
 * `$1` (formatted for the locale), the key chosen by the locale's plural rules.
 */
export function tn(base: CountedKey, count: number, ...more: (string | number)[]): string {
  return countedText(t, base, count, uiLocale(), more);
}

/** The browser's UI language, as a BCP 47 tag for Intl (the language the messages are in). */
export function uiLocale(): string {
  return browser.i18n.getUILanguage();
}
