import type { MessageKey } from "./catalog";
import { t, uiLocale } from "./t";
import { setZodLanguage } from "./zod-language";

/**
 * An extension page in the UI's language: its title and `lang` (the static HTML can only say
 * "TradeWatch" and guess a language) and zod's words in the problems it shows.
 */
export function localisePage(title: MessageKey): void {
  document.title = t(title);
  document.documentElement.lang = uiLocale();
  setZodLanguage(uiLocale());
}
