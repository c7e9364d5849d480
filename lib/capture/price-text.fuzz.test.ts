import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FUZZ_TIMEOUT_MS, fuzzParams } from "../db/test-arbitraries";
import { minorToDecimal } from "../domain/money";
import { parsePriceText } from "./price-text";

/** Locales that write ASCII digits, with every common grouping and decimal convention. */
const LOCALES = ["en-US", "en-GB", "en-IN", "de-DE", "de-CH", "de-AT", "fr-FR", "fr-CH", "it-IT", "it-CH", "es-ES", "nl-NL", "pt-BR", "sv-SE", "pl-PL", "ja-JP", "zh-CN", "ko-KR", "ru-RU", "en-CA"];
const CURRENCIES = ["EUR", "USD", "GBP", "JPY", "CHF", "INR", "BHD", "KWD", "SEK", "PLN", "KRW", "CAD", "BRL", "CNY"];

function formatted(minor: number, currency: string, locale: string, currencyDisplay: "symbol" | "code"): string {
  // Intl formats a decimal string exactly (no float rounding) since ES2023.
  return new Intl.NumberFormat(locale, { style: "currency", currency, currencyDisplay }).format(minorToDecimal(minor, currency) as unknown as number);
}

describe("parsePriceText under fuzzing", () => {
  it("reads back exactly any amount Intl formats, given the page's currency and locale", { timeout: FUZZ_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000_000 }),
        fc.constantFrom(...CURRENCIES),
        fc.constantFrom(...LOCALES),
        (minor, currency, locale) => {
          const text = formatted(minor, currency, locale, "symbol");
          expect(parsePriceText(text, { currency, locale }), text).toEqual({ minor, currency });
        },
      ),
      fuzzParams(1000),
    );
  });

  it("reads the currency itself from an ISO code, without any hint", { timeout: FUZZ_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000_000 }),
        fc.constantFrom(...CURRENCIES),
        fc.constantFrom(...LOCALES),
        (minor, currency, locale) => {
          const text = formatted(minor, currency, locale, "code");
          expect(parsePriceText(text, { locale }), text).toEqual({ minor, currency });
        },
      ),
      fuzzParams(1000),
    );
  });

  it("gives a safe, non-negative amount or nothing for any text, never a throw", { timeout: FUZZ_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^[-€$¥ ]{0,2}[\d.,' ]{0,20}[ €$]{0,2}$/)),
        fc.option(fc.constantFrom(...CURRENCIES, "nope")),
        fc.option(fc.constantFrom(...LOCALES, "??")),
        (text, currency, locale) => {
          const price = parsePriceText(text, { currency, locale });
          expect(price === null || (Number.isSafeInteger(price.minor) && price.minor >= 0)).toBe(true);
        },
      ),
      fuzzParams(1000),
    );
  });
});
