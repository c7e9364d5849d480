import { describe, expect, it } from "vitest";
import { CATALOG_PARTS, catalogFor, localeFiles } from "./catalog";
import { LOCALES } from "./define";

describe("the message catalog", () => {
  it("has every English key in German and Japanese, and no other key", () => {
    for (const part of CATALOG_PARTS) {
      const english = Object.keys(part.en).sort();
      for (const locale of LOCALES) expect(Object.keys(part[locale]).sort(), locale).toEqual(english);
    }
  });

  it("has no empty message and the same $n placeholders in every locale", () => {
    const placeholders = (text: string) => [...new Set(text.match(/\$\d/g) ?? [])].sort();
    for (const part of CATALOG_PARTS) {
      for (const [key, english] of Object.entries(part.en)) {
        for (const locale of LOCALES) {
          const text = part[locale][key]!;
          expect(text.trim(), `${locale} ${key}`).not.toBe("");
          expect(placeholders(text), `${locale} ${key}`).toEqual(placeholders(english));
        }
      }
    }
  });

  it("has keys the browser accepts, unique without case across parts", () => {
    const seen = new Set<string>();
    for (const part of CATALOG_PARTS) {
      for (const key of Object.keys(part.en)) {
        expect(key).toMatch(/^[A-Za-z0-9_]+$/);
        expect(key.startsWith("@@"), key).toBe(false);
        expect(seen.has(key.toLowerCase()), `duplicate key ${key}`).toBe(false);
        seen.add(key.toLowerCase());
      }
    }
  });

  it("writes one messages.json per locale with every key", () => {
    const files = localeFiles();
    expect(files.map((file) => file.locale)).toEqual([...LOCALES]);
    for (const { locale, json } of files) {
      const parsed = JSON.parse(json) as Record<string, { message: string }>;
      expect(Object.keys(parsed).sort()).toEqual(Object.keys(catalogFor("en")).sort());
      expect(parsed.extName?.message, locale).toBe("TradeWatch");
    }
  });
});
