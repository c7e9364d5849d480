/**
 * One part of the message catalog: the English messages, and German and Japanese with exactly
 * the same keys (a missing or extra key is a type error, and catalog.test.ts checks it again).
 *
 * Keys are browser i18n message names: letters, digits and `_` only, compared without case.
 * `$1`…`$9` in a message are replaced by the substitutions given to `t`. A counted message
 * has one key per plural category of the locale's rules, `<key>_one` and `<key>_other`
 * (Japanese has only "other", but keeps both keys so that the three catalogs match).
 */
export type Messages = Readonly<Record<string, string>>;

export interface CatalogPart<E extends Messages> {
  en: E;
  de: Readonly<Record<keyof E, string>>;
  ja: Readonly<Record<keyof E, string>>;
}

export function defineMessages<const E extends Messages>(part: CatalogPart<E>): CatalogPart<E> {
  return part;
}

export const LOCALES = ["en", "de", "ja"] as const;
export type Locale = (typeof LOCALES)[number];
