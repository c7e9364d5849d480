import { describe, expect, it } from "vitest";
import { localeFiles } from "./catalog";

describe("the messages the browser loads", () => {
  it("hold nothing Chrome reads as a named placeholder ($name$), which would stop the extension from loading", () => {
    for (const { locale, json } of localeFiles()) {
      const messages = JSON.parse(json) as Record<string, { message: string }>;
      for (const [key, { message }] of Object.entries(messages)) {
        expect(message, `${locale} ${key}`).not.toMatch(/\$[A-Za-z0-9_@]+\$/);
      }
    }
  });
});
