import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FUZZ_TIMEOUT_MS, fuzzParams } from "../db/test-arbitraries";
import { decimalToMinor, formatMoney, minorToDecimal, sumByCurrency } from "./money";

const currencyArb = fc.constantFrom("EUR", "USD", "JPY", "KRW", "BHD", "KWD", "CLF", "GBP", "CHF", "ISK");
const minorArb = fc.oneof(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), fc.maxSafeInteger(), fc.constant(Number.MAX_SAFE_INTEGER), fc.constant(0));

describe("money under fuzzing", () => {
  it("writes any amount as a decimal and reads it back exactly", { timeout: FUZZ_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(minorArb, currencyArb, (minor, currency) => {
        expect(decimalToMinor(minorToDecimal(minor, currency), currency)).toBe(minor);
      }),
      fuzzParams(1000),
    );
  });

  it("reads any text as a safe integer amount or nothing, never a float, never a throw", { timeout: FUZZ_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: "binary", maxLength: 40 }), fc.stringMatching(/^-?\d{0,20}(\.\d{0,6})?$/), fc.double().map(String)),
        currencyArb,
        (text, currency) => {
          const minor = decimalToMinor(text, currency);
          expect(minor === null || Number.isSafeInteger(minor)).toBe(true);
        },
      ),
      fuzzParams(1000),
    );
  });

  it("formats any amount without throwing, and never adds across currencies", { timeout: FUZZ_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(fc.array(fc.record({ minor: fc.integer({ min: -1e9, max: 1e9 }), currency: currencyArb }), { maxLength: 8 }), (amounts) => {
        for (const money of amounts) expect(typeof formatMoney(money, "en")).toBe("string");
        const totals = sumByCurrency(amounts);
        expect(new Set(totals.map((total) => total.currency)).size).toBe(totals.length);
        for (const total of totals) {
          expect(total.minor).toBe(amounts.filter((a) => a.currency === total.currency).reduce((sum, a) => sum + a.minor, 0));
        }
      }),
      fuzzParams(300),
    );
  });
});
