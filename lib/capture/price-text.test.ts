import { describe, expect, it } from "vitest";
import { parsePriceText } from "./price-text";

const NBSP = "\u00a0";
const NNBSP = "\u202f";

describe("parsePriceText", () => {
  it.each([
    ["1.234,56 €", null, 123456, "EUR"],
    ["€1,234.56", null, 123456, "EUR"],
    ["$1,234.56", "USD", 123456, "USD"],
    [`1${NBSP}234,56${NBSP}€`, null, 123456, "EUR"],
    [`1${NNBSP}234,56${NNBSP}€`, null, 123456, "EUR"],
    ["¥1,235", "JPY", 1235, "JPY"],
    ["￥1,235", "JPY", 1235, "JPY"],
    ["1.235 ¥", "JPY", 1235, "JPY"],
    ["JP¥1,235", null, 1235, "JPY"],
    ["CHF 1'234.50", null, 123450, "CHF"],
    ["CHF 1\u2019234.50", null, 123450, "CHF"],
    ["12,50 EUR", null, 1250, "EUR"],
    ["EUR 12.50", null, 1250, "EUR"],
    ["12 €", null, 1200, "EUR"],
    ["0,99 €", null, 99, "EUR"],
    ["12,5 €", null, 1250, "EUR"],
    ["£7.00", null, 700, "GBP"],
    ["₹12,34,567.50", null, 123456750, "INR"],
    ["1234,56 zł", null, 123456, "PLN"],
    ["R$ 1.234,56", null, 123456, "BRL"],
    ["CA$12.00", null, 1200, "CAD"],
    ["$12.50 USD", null, 1250, "USD"],
    ["BHD 1,234.500", null, 1234500, "BHD"],
    ["1.234 €", null, 123400, "EUR"],
    ["$1,234", "USD", 123400, "USD"],
    ["US$1,234.56", null, 123456, "USD"],
    ["1,234,567 ₩", null, 1234567, "KRW"],
  ])("reads %j", (text, currency, minor, expected) => {
    expect(parsePriceText(text, { currency })).toEqual({ minor, currency: expected });
  });

  it("takes the currency from the hint when the text shows none", () => {
    expect(parsePriceText("1.234,56", { currency: "eur" })).toEqual({ minor: 123456, currency: "EUR" });
    expect(parsePriceText("1.234,56")).toBeNull();
  });

  it("takes the hint's currency for a shared symbol, else the page region's, else none (a Canadian \"$\" is not US dollars)", () => {
    expect(parsePriceText("$12.00", { currency: "CAD" })).toEqual({ minor: 1200, currency: "CAD" });
    expect(parsePriceText("12,00 kr", { currency: "NOK" })).toEqual({ minor: 1200, currency: "NOK" });
    expect(parsePriceText("¥120", { currency: "CNY" })).toEqual({ minor: 12000, currency: "CNY" });
    expect(parsePriceText("$12.00", { locale: "en-CA" })).toEqual({ minor: 1200, currency: "CAD" });
    expect(parsePriceText("$12.00", { locale: "en-US" })).toEqual({ minor: 1200, currency: "USD" });
    expect(parsePriceText("¥1,235", { locale: "ja" })).toEqual({ minor: 1235, currency: "JPY" });
    expect(parsePriceText("¥120", { locale: "zh-CN" })).toEqual({ minor: 12000, currency: "CNY" });
    expect(parsePriceText("$12.00")).toBeNull();
    expect(parsePriceText("$12.00", { currency: "EUR" })).toBeNull();
  });

  it("believes the text's ISO code over the hint", () => {
    expect(parsePriceText("12.00 GBP", { currency: "EUR" })).toEqual({ minor: 1200, currency: "GBP" });
  });

  it("lets the locale decide a lone three-digit group in a three-decimal currency", () => {
    expect(parsePriceText("BHD 1,234", { locale: "en" })).toEqual({ minor: 1234000, currency: "BHD" });
    expect(parsePriceText("1,234 BHD", { locale: "de" })).toEqual({ minor: 1234, currency: "BHD" });
    expect(parsePriceText("1.234 BHD")).toEqual({ minor: 1234, currency: "BHD" });
    expect(parsePriceText("1.234 BHD", { locale: "not a locale!" })).toEqual({ minor: 1234, currency: "BHD" });
  });

  // Intl's decimal mark for these locales is Arabic's "٫"; their shops print ASCII digits with ".".
  it.each(["ar-KW", "ar-BH", "ar-OM", "ar-JO"])("reads the ASCII decimal point of a three-decimal price on an %s page", (locale) => {
    expect(parsePriceText("KWD 12.500", { locale })).toEqual({ minor: 12_500, currency: "KWD" });
    expect(parsePriceText("BHD 1,234", { locale })).toEqual({ minor: 1_234_000, currency: "BHD" });
  });

  it.each([
    ["-€5.00", "a discount"],
    ["€-5.00", "a minus after the symbol"],
    ["\u22125,00 €", "a typographic minus"],
    ["", "nothing"],
    ["Free", "no amount"],
    ["2 × €5.00", "two amounts"],
    ["€12.5055", "more decimals than the currency has"],
    ["¥12.5", "decimals in a currency without"],
    ["1.2.3,45 €", "groups that are not three digits"],
    ["12,34,56 €", "the decimal separator grouping too"],
    ["1.234.56 €", "the decimal point grouping too"],
    ["1'234,567.50 CHF", "two kinds of group separator"],
    ["1234.56 XYZ", "an unknown code"],
    ["12.00 Taler", "an unknown word"],
    ["€12.00 $", "two symbols"],
    ["12.00 EUR USD", "two codes"],
    ["£12.00 EUR", "a symbol and a code that disagree"],
    ["١٢٫٥٠ €", "digits of another script"],
    [`€${"1".repeat(80)}`, "too long a text"],
  ])("refuses %j (%s)", (text) => {
    expect(parsePriceText(text, { currency: "EUR" })).toBeNull();
  });

  it("never yields an unsafe integer", () => {
    expect(parsePriceText("€99,999,999,999,999,999.00")).toBeNull();
  });
});
