// zod/mini: the same global configuration as classic zod, without classic's methods in the pages' bundles.
import * as z from "zod/mini";
import de from "zod/v4/locales/de.js";
import en from "zod/v4/locales/en.js";
import ja from "zod/v4/locales/ja.js";

const ZOD_LOCALES: Readonly<Record<string, () => Parameters<typeof z.config>[0]>> = { de, en, ja };

/**
 * zod's own words (the "Invalid input: …" part of a damaged backup's or answer's problem) in
 * the language of `locale`, for the whole page or worker: called once at start. A language
 * the catalog does not have stays English, like the messages around it.
 */
export function setZodLanguage(locale: string): void {
  const language = new Intl.Locale(locale).language;
  z.config((ZOD_LOCALES[language] ?? en)());
}
