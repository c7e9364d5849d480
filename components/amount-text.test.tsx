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
    expect(readAmount("19.99", "EUR")).toBe(1999);
    expect(readAmount("1.234,56", "EUR")).toBeNull();
    fakeBrowser.i18n.getUILanguage = () => "ja";
    expect(amountText(1999, "USD")).toBe("19.99");
    expect(readAmount("19,99", "USD")).toBeNull();
  });
});
