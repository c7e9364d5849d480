import { describe, expect, it } from "vitest";
import { decimalToMinor, formatMoney, isCurrencyCode, minorDigits, minorToDecimal, sumByCurrency } from "./money";

describe("money", () => {
  it("knows the minor digits of each currency", () => {
    expect(minorDigits("EUR")).toBe(2);
    expect(minorDigits("JPY")).toBe(0);
    expect(minorDigits("BHD")).toBe(3);
  });

  it("recognises ISO 4217 codes only", () => {
    expect(isCurrencyCode("EUR")).toBe(true);
    expect(isCurrencyCode("eur")).toBe(false);
    expect(isCurrencyCode("XXXX")).toBe(false);
  });

  it("converts decimals to minor units without floats", () => {
    expect(decimalToMinor("19.99", "EUR")).toBe(1999);
    expect(decimalToMinor("0.1", "EUR")).toBe(10);
    expect(decimalToMinor("20", "EUR")).toBe(2000);
    expect(decimalToMinor("1235", "JPY")).toBe(1235);
    expect(decimalToMinor("1.250", "BHD")).toBe(1250);
    expect(decimalToMinor("19.990", "EUR")).toBe(1999);
    expect(decimalToMinor("-5.00", "USD")).toBe(-500);
  });

  it("rejects what is not an amount in that currency", () => {
    expect(decimalToMinor("19.999", "EUR")).toBeNull();
    expect(decimalToMinor("12.5", "JPY")).toBeNull();
    expect(decimalToMinor("1,234.56", "USD")).toBeNull();
    expect(decimalToMinor("NaN", "USD")).toBeNull();
    expect(decimalToMinor("1e5", "USD")).toBeNull();
    expect(decimalToMinor("99999999999999999999", "USD")).toBeNull();
  });

  it("refuses extra zeros past the currency's digits when asked to be exact", () => {
    expect(decimalToMinor("1.000", "EUR", { exact: true })).toBeNull();
    expect(decimalToMinor("5.0", "JPY", { exact: true })).toBeNull();
    expect(decimalToMinor("1.250", "BHD", { exact: true })).toBe(1250);
    expect(decimalToMinor("19.9", "EUR", { exact: true })).toBe(1990);
    expect(decimalToMinor("1.000", "EUR")).toBe(100);
  });

  it("writes minor units back as decimals and formats them", () => {
    expect(minorToDecimal(1999, "EUR")).toBe("19.99");
    expect(minorToDecimal(5, "EUR")).toBe("0.05");
    expect(minorToDecimal(-5, "EUR")).toBe("-0.05");
    expect(minorToDecimal(1235, "JPY")).toBe("1235");
    expect(formatMoney({ minor: 123456, currency: "EUR" }, "en-GB")).toBe("€1,234.56");
    expect(formatMoney({ minor: 1235, currency: "JPY" }, "en-US")).toBe("¥1,235");
  });

  it("sums per currency, never across", () => {
    expect(
      sumByCurrency([
        { minor: 100, currency: "USD" },
        { minor: 250, currency: "EUR" },
        { minor: 50, currency: "USD" },
      ]),
    ).toEqual([
      { minor: 250, currency: "EUR" },
      { minor: 150, currency: "USD" },
    ]);
  });
});
