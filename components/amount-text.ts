import { decimalToMinor, minorDigits, minorToDecimal } from "../lib/domain/money";
import { t, uiLocale } from "../lib/i18n/t";

/** The UI language's decimal and grouping separators: "," and "." in German, "." and "," in English and Japanese. */
function separators(): { decimal: string; group: string } {
  const parts = new Intl.NumberFormat(uiLocale()).formatToParts(12345.5);
  const of = (type: string, fallback: string) => parts.find((part) => part.type === type)?.value ?? fallback;
  return { decimal: of("decimal", "."), group: of("group", ",") };
}

/** An amount in minor units as a form field shows it: "19,99" in German, "19.99" in English. */
export function amountText(minor: number, currency: string): string {
  return minorToDecimal(minor, currency).replace(".", separators().decimal);
}

/** "500 or 499.99" ("500 oder 499,99"); "500" in a currency without minor units: what a form's error suggests. */
export function amountExample(currency: string): string {
  const scale = 10 ** minorDigits(currency);
  if (scale === 1) return "500";
  return t("settings_amountExamples", "500", amountText(500 * scale - 1, currency));
}

/**
 * An amount as typed, in minor units; null when it is not a plain decimal with at most the
 * currency's digits (see decimalToMinor), zeros included. The UI's decimal separator is read,
 * and a point too unless it is the UI's grouping separator: a German "1.000" is a thousand,
 * so it is refused rather than read as €1.00.
 */
export function readAmount(text: string, currency: string): number | null {
  const { decimal, group } = separators();
  if (text.includes(group)) return null;
  return decimalToMinor(text.replace(decimal, "."), currency, { exact: true });
}
