import { t, uiLocale } from "./t";
import { languageOf, type Language } from "./translate";

/** The browser's language, for pure code that writes messages (the background passes it to lib/domain). */
export function uiLanguage(): Language {
  const locale = uiLocale();
  // Built once per locale: the worker writes many trades in one transaction.
  if (current?.locale !== locale) current = languageOf(t, locale);
  return current;
}

let current: Language | null = null;
