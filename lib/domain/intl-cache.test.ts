import { describe, expect, it } from "vitest";
import { dateTimeFormat, numberFormat, relativeTimeFormat } from "./intl-cache";

describe("cached Intl formatters", () => {
  it("builds one formatter per locale and options, and formats like a fresh one", () => {
    const euro = numberFormat("de", { style: "currency", currency: "EUR" });
    expect(numberFormat("de", { style: "currency", currency: "EUR" })).toBe(euro);
    expect(numberFormat("de", { style: "currency", currency: "USD" })).not.toBe(euro);
    expect(numberFormat("en", { style: "currency", currency: "EUR" })).not.toBe(euro);
    expect(euro.format(1234.5)).toBe(new Intl.NumberFormat("de", { style: "currency", currency: "EUR" }).format(1234.5));
    expect(dateTimeFormat("ja", { month: "short" })).toBe(dateTimeFormat("ja", { month: "short" }));
    expect(relativeTimeFormat("de", { numeric: "auto" }).format(-1, "day")).toBe("gestern");
  });
});
