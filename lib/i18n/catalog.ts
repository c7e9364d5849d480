import { backup } from "./catalog/backup";
import { badge } from "./catalog/badge";
import { common } from "./catalog/common";
import { labels } from "./catalog/labels";
import { panel } from "./catalog/panel";
import { spending } from "./catalog/spending";
import { together } from "./catalog/together";
import { trade } from "./catalog/trade";
import { welcome } from "./catalog/welcome";
import { errors } from "./catalog/errors";
import { events } from "./catalog/events";
import { limits } from "./catalog/limits";
import { history } from "./catalog/history";
import { notify } from "./catalog/notify";
import { problems } from "./catalog/problems";
import { settings } from "./catalog/settings";
import { warnings } from "./catalog/warnings";
import { popup } from "./catalog/popup";
import { LOCALES, type Locale, type Messages } from "./define";

/**
 * Every part of the catalog. A new part (one per feature area, owned with its components) is
 * added here; keys must be unique across parts (catalog.test.ts checks it).
 */
const PARTS = [common, labels, welcome, badge, trade, together, panel, spending, warnings, events, notify, limits, errors, problems, backup, popup, settings, history] as const;

type Union<T> = T extends readonly (infer P)[] ? P : never;
type EnglishOf<P> = P extends { en: infer E } ? E : never;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Every message key of the catalog. */
export type MessageKey = keyof UnionToIntersection<EnglishOf<Union<typeof PARTS>>> & string;

/** One locale's messages, all parts merged. */
export function catalogFor(locale: Locale): Messages {
  return Object.assign({}, ...PARTS.map((part) => part[locale] as Messages));
}

/** Every part, for the tests that check keys are complete and unique. */
export const CATALOG_PARTS: readonly { [L in Locale]: Messages }[] = PARTS;

/** `_locales/<locale>/messages.json` for each locale, as the browser reads them. */
export function localeFiles(): { locale: Locale; json: string }[] {
  return LOCALES.map((locale) => {
    const messages = catalogFor(locale);
    const entries = Object.entries(messages).map(([key, message]) => [key, { message }] as const);
    return { locale, json: `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n` };
  });
}
