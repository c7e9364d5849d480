import { numberFormat } from "./intl-cache";
import type { Money } from "./types";

const SUPPORTED = new Set(Intl.supportedValuesOf("currency"));

export function sameMoney(a: Money, b: Money): boolean {
  return a.minor === b.minor && a.currency === b.currency;
}

export function isCurrencyCode(code: string): boolean {
  return SUPPORTED.has(code);
}

/** Number of minor-unit digits of an ISO 4217 currency (EUR 2, JPY 0, BHD 3). */
export function minorDigits(currency: string): number {
  let digits = digitsOf.get(currency);
  if (digits === undefined) {
    digits = numberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsOf.set(currency, digits);
  }
  return digits;
}

/** Every amount formatted or parsed asks: asking Intl each time costs more than the formatting. */
const digitsOf = new Map<string, number>();

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Converts a decimal written as text ("19.99", "20", "0.5") into minor units without
 * floating-point arithmetic. Returns null when the text is not a plain decimal, or has
 * more fraction digits than the currency allows (a "19.999 EUR" price is not an amount).
 * Extra zeros ("19.990") pass unless `exact`: a shop's price may carry them, but what a
 * person types as "1.000" EUR may be a thousand with a grouping separator, never €1.00.
 */
export function decimalToMinor(text: string, currency: string, { exact = false } = {}): number | null {
  const match = DECIMAL.exec(text.trim());
  if (!match) return null;
  const [, sign, whole, fraction = ""] = match;
  const digits = minorDigits(currency);
  const significant = exact ? fraction : fraction.replace(/0+$/, "");
  if (significant.length > digits) return null;
  const minor = Number(whole + fraction.padEnd(digits, "0").slice(0, digits));
  if (!Number.isSafeInteger(minor)) return null;
  return sign ? -minor : minor;
}

/** Formats for people, in the given locale (undefined: the browser's). */
export function formatMoney(money: Money, locale?: string): string {
  // Intl formats a decimal string exactly (no float rounding) since ES2023.
  return numberFormat(locale, { style: "currency", currency: money.currency }).format(
    minorToDecimal(money.minor, money.currency) as unknown as number,
  );
}

/** Writes minor units back as a plain decimal ("1999", "EUR" → "19.99"), for form fields. */
export function minorToDecimal(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = minor < 0 ? "-" : "";
  const abs = String(Math.abs(minor)).padStart(digits + 1, "0");
  return digits === 0 ? `${sign}${abs}` : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/** Sums amounts per currency; never adds across currencies. */
export function sumByCurrency(amounts: Iterable<Money>): Money[] {
  const totals = new Map<string, number>();
  for (const { minor, currency } of amounts) totals.set(currency, (totals.get(currency) ?? 0) + minor);
  return [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([currency, minor]) => ({ currency, minor }));
}
