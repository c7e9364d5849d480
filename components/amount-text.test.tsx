import { afterEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { amountText, readAmount } from "./amount-text";

describe("amounts in form fields", () => {
  afterEach(() => {
    fakeBrowser.i18n.getUILanguage = () => "en";
  });

  it("are written and read with the UI language's decimal separator", () => {
    expect(amountText(1999, "EUR")).toBe("19.99");
    expect(readAmount("19.99", "EUR")).toBe(1999);
    fakeBrowser.i18n.getUILanguage = () => "de";
    expect(amountText(1999, "EUR")).toBe("19,99");
    expect(amountText(500, "JPY")).toBe("500");
    expect(readAmount("19,99", "EUR")).toBe(1999);
    expect(readAmount("1.234,56", "EUR")).toBeNull();
    fakeBrowser.i18n.getUILanguage = () => "ja";
    expect(amountText(1999, "USD")).toBe("19.99");
    expect(readAmount("19,99", "USD")).toBeNull();
  });

  it("refuse the UI language's grouping separator as a decimal point (a German '1.000' is a thousand)", () => {
    fakeBrowser.i18n.getUILanguage = () => "de";
    expect(readAmount("1.000", "EUR")).toBeNull();
    expect(readAmount("19.99", "EUR")).toBeNull();
    expect(readAmount("1000", "EUR")).toBe(100000);
    fakeBrowser.i18n.getUILanguage = () => "en";
    expect(readAmount("1,000", "EUR")).toBeNull();
  });

  it("refuse more fraction digits than the currency has, even zeros", () => {
    expect(readAmount("1.000", "EUR")).toBeNull();
    expect(readAmount("500.0", "JPY")).toBeNull();
    expect(readAmount("1.000", "BHD")).toBe(1000);
    fakeBrowser.i18n.getUILanguage = () => "de";
    expect(readAmount("1,000", "EUR")).toBeNull();
  });
});
