import { fakeBrowser } from "wxt/testing/fake-browser";
import { catalogFor } from "@/lib/i18n/catalog";
import { substitute } from "@/lib/i18n/translate";

/**
 * Unit tests read English messages as the browser would: WXT's fake browser does not mock
 * i18n. A test may set `fakeBrowser.i18n.getUILanguage` to try another locale's formats.
 */
const english = catalogFor("en");
fakeBrowser.i18n.getMessage = (key: string, substitutions?: string | (string | number)[]) => {
  const message = english[key];
  if (message === undefined) return "";
  return substitute(message, typeof substitutions === "string" ? [substitutions] : (substitutions ?? []));
};
fakeBrowser.i18n.getUILanguage = () => "en";
