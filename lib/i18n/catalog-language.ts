import { catalogFor } from "./catalog";
import type { Locale } from "./define";
import { languageOf, translateFrom, type Language } from "./translate";

/**
 * Test support only: a catalog locale as a Language without the browser (German and Japanese
 * text through pure code). Product code gets its language from the browser (ui-language.ts):
 * importing this would put the whole catalog in a bundle.
 */
export function catalogLanguage(locale: Locale): Language {
  return languageOf(translateFrom(catalogFor(locale)), locale);
}
