import { decimalToMinor, isCurrencyCode, minorDigits } from "../domain/money";
import type { Money } from "../domain/types";

/**
 * Reads a price as shops print it ("1.234,56 €", "$1,234.56", "¥1,235", "CHF 1'234.50",
 * "12,50 EUR") into Money, without floating point. Pure; used where a page shows prices
 * only as text (microdata, WooCommerce, Shopify's visible summary).
 */

export interface PriceHint {
  /** The currency the page declares elsewhere (priceCurrency, Shopify's currency field). */
  currency?: string | null;
  /** The page's language (`<html lang>`), to tell "1,234" from "1.234" in three-decimal currencies. */
  locale?: string | null;
}

/** Far longer than any printed price; keeps the work on hostile text bounded. */
const MAX_PRICE_TEXT = 64;

/** Spaces shops and Intl put in prices: no-break, narrow no-break, thin, figure. */
const SPACES = /[\s\u00a0\u2007\u2009\u202f]+/g;
/** Bidirectional marks Intl puts around signs and symbols in some locales. */
const BIDI_MARKS = /[\u061c\u200e\u200f]/g;
const MINUS = /[-\u2212]/;
/** The amount: ASCII digits with separators between them (digits of other scripts are not read). */
const AMOUNT = /\d(?:[\d.,'\u2019 ]*\d)?/g;

/**
 * Currency symbols and the currencies they may stand for. A symbol shared by several
 * currencies ("$", "kr", "¥") takes the hint's currency when it is one of them, else the
 * currency of the page's region (its locale, e.g. "en-CA"); with neither it stands for none:
 * a Canadian shop's "$" must not become US dollars.
 */
const SYMBOLS: Record<string, readonly string[]> = {
  "€": ["EUR"],
  "£": ["GBP"],
  "UK£": ["GBP"],
  "£GB": ["GBP"],
  "¥": ["JPY", "CNY"],
  "￥": ["JPY", "CNY"],
  "JP¥": ["JPY"],
  "CN¥": ["CNY"],
  "¥CN": ["CNY"],
  "元": ["CNY"],
  "$": ["USD", "CAD", "AUD", "NZD", "HKD", "SGD", "MXN", "TWD", "ARS", "CLP", "COP"],
  "US$": ["USD"],
  "$US": ["USD"],
  "CA$": ["CAD"],
  "$CA": ["CAD"],
  "C$": ["CAD"],
  "A$": ["AUD"],
  "AU$": ["AUD"],
  "NZ$": ["NZD"],
  "HK$": ["HKD"],
  "S$": ["SGD"],
  "MX$": ["MXN"],
  "NT$": ["TWD"],
  "R$": ["BRL"],
  "BR$": ["BRL"],
  "₹": ["INR"],
  "₩": ["KRW"],
  "₽": ["RUB"],
  "₺": ["TRY"],
  "₪": ["ILS"],
  "₫": ["VND"],
  "฿": ["THB"],
  "₱": ["PHP"],
  "₴": ["UAH"],
  "zł": ["PLN"],
  "Kč": ["CZK"],
  "Ft": ["HUF"],
  "lei": ["RON"],
  "kr": ["SEK", "NOK", "DKK", "ISK"],
  "kr.": ["DKK", "ISK"],
  "Fr.": ["CHF"],
};

/**
 * The price `text` shows, or null when it is not exactly one price: no amount or several, an
 * unknown currency sign, separators that do not group digits, more decimals than the currency
 * has, or a minus sign. Negative amounts are refused on purpose: shops print discounts and
 * refunds as "-€5.00", and no price or total TradeWatch reads is negative.
 *
 * The decimal separator is the last "." or "," unless it is followed by exactly three digits,
 * which is ambiguous ("1,234" vs "1.234"): then it groups digits, except in a currency with
 * three decimals (BHD, KWD), where the page's locale decides and else it is the decimal point.
 */
export function parsePriceText(text: string, hint: PriceHint = {}): Money | null {
  if (text.length > MAX_PRICE_TEXT) return null;
  const plain = text.replace(BIDI_MARKS, "").replace(SPACES, " ").trim();
  const amounts = plain.match(AMOUNT);
  if (amounts?.length !== 1) return null;
  const [amount] = amounts;
  const at = plain.indexOf(amount);
  const designator = `${plain.slice(0, at)} ${plain.slice(at + amount.length)}`;
  if (MINUS.test(designator)) return null;
  const currency = currencyOf(designator, hint.currency ?? regionCurrency(hint.locale));
  if (currency === null) return null;
  const decimal = plainDecimal(amount.trim(), currency, hint.locale);
  if (decimal === null) return null;
  const minor = decimalToMinor(decimal, currency);
  return minor === null ? null : { minor, currency };
}

/** The currencies of the regions whose shops write an ambiguous symbol ("$", "¥", "kr"). */
const REGION_CURRENCIES: Record<string, string> = {
  US: "USD", CA: "CAD", AU: "AUD", NZ: "NZD", HK: "HKD", SG: "SGD", MX: "MXN", TW: "TWD", AR: "ARS", CL: "CLP", CO: "COP",
  JP: "JPY", CN: "CNY", SE: "SEK", NO: "NOK", DK: "DKK", IS: "ISK",
};

/** The currency of a locale's region ("en-CA" → CAD; "ja" → Japan's), or null when it names none. */
function regionCurrency(locale: string | null | undefined): string | null {
  if (!locale) return null;
  try {
    const { region } = new Intl.Locale(locale).maximize();
    return region === undefined ? null : (REGION_CURRENCIES[region] ?? null);
  } catch {
    return null;
  }
}

/** The currency named by the text around the amount, else the hint's; null when they name none or clash. */
function currencyOf(designator: string, hinted: string | null | undefined): string | null {
  const hint = hinted?.trim().toUpperCase();
  const hintCode = hint !== undefined && isCurrencyCode(hint) ? hint : null;
  const tokens = designator.split(" ").filter((token) => token !== "");
  if (tokens.length > 2) return null;
  let code: string | null = null;
  let candidates: readonly string[] | null = null;
  for (const token of tokens) {
    if (/^[A-Z]{3}$/.test(token) && isCurrencyCode(token)) {
      if (code !== null) return null;
      code = token;
    } else if (Object.hasOwn(SYMBOLS, token)) {
      if (candidates !== null) return null;
      candidates = SYMBOLS[token] ?? null;
    } else {
      return null;
    }
  }
  // "$12.50 USD": the code says which dollar, and must be one the symbol can stand for.
  if (code !== null) return candidates === null || candidates.includes(code) ? code : null;
  if (candidates !== null) {
    if (hintCode !== null && candidates.includes(hintCode)) return hintCode;
    return candidates.length === 1 ? (candidates[0] ?? null) : null;
  }
  return hintCode;
}

/** "1.234,56" → "1234.56" for the currency, or null when the separators do not make sense. */
function plainDecimal(amount: string, currency: string, locale: string | null | undefined): string | null {
  const last = Math.max(amount.lastIndexOf("."), amount.lastIndexOf(","));
  let whole = amount;
  let fraction = "";
  if (last >= 0 && isDecimalSeparator(amount, last, currency, locale)) {
    whole = amount.slice(0, last);
    fraction = amount.slice(last + 1);
    // The decimal separator cannot also group the digits before it ("1.234.56").
    if (!/^\d+$/.test(fraction) || whole.includes(amount.charAt(last))) return null;
  }
  const digits = ungrouped(whole);
  return digits === null ? null : fraction === "" ? digits : `${digits}.${fraction}`;
}

function isDecimalSeparator(amount: string, at: number, currency: string, locale: string | null | undefined): boolean {
  const separator = amount.charAt(at);
  const tail = amount.length - at - 1;
  if (tail !== 3) return true;
  // A separator used twice groups digits ("1,234,567"); so does one in a currency without decimals.
  if (amount.indexOf(separator) !== at || minorDigits(currency) !== 3) return false;
  const localeDecimal = locale ? decimalSeparatorOf(locale, currency) : null;
  return localeDecimal === null || localeDecimal === separator;
}

/**
 * The locale's decimal separator in prices (Swiss French writes "1,5" but "CHF 1.50"), with
 * ASCII digits: only those are read, and Arabic's own digits come with "٫", never "." or ",".
 */
function decimalSeparatorOf(locale: string, currency: string): string | null {
  try {
    const format = new Intl.NumberFormat(locale, { style: "currency", currency, numberingSystem: "latn" });
    return format.formatToParts(1.5).find((part) => part.type === "decimal")?.value ?? null;
  } catch {
    return null;
  }
}

/**
 * The digits of a whole part, checking its grouping: one kind of separator, a first group of
 * one to three digits, then groups of three (or of two before the last, as in India's 12,34,567).
 */
function ungrouped(whole: string): string | null {
  const separators = new Set(whole.replace(/\d/g, ""));
  if (separators.size === 0) return whole;
  if (separators.size > 1) return null;
  const groups = whole.split([...separators][0] ?? "");
  const [head = "", ...rest] = groups;
  const lastGroup = rest.at(-1) ?? "";
  const valid =
    head.length >= 1 &&
    head.length <= 3 &&
    lastGroup.length === 3 &&
    rest.slice(0, -1).every((group) => group.length === 2 || group.length === 3);
  return valid ? groups.join("") : null;
}
