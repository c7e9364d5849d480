import { decimalToMinor, minorToDecimal } from "../lib/domain/money";
import { uiLocale } from "../lib/i18n/t";

/** The decimal separator of the UI's language: "," in German, "." in English and Japanese. */
function decimalSeparator(): string {
  return new Intl.NumberFormat(uiLocale()).formatToParts(1.5).find((part) => part.type === "decimal")?.value ?? ".";
}

/** An amount in minor units as a form field shows it: "19,99" in German, "19.99" in English. */
export function amountText(minor: number, currency: string): string {
  return minorToDecimal(minor, currency).replace(".", decimalSeparator());
}

/**
 * An amount as typed, with the UI's decimal separator or a point, in minor units; null when it
 * is not a plain decimal with at most the currency's digits (see decimalToMinor).
 */
export function readAmount(text: string, currency: string): number | null {
  const separator = decimalSeparator();
  return decimalToMinor(separator === "." ? text : text.replace(separator, "."), currency);
}
