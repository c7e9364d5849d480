import { describe, expect, it } from "vitest";
import { parseDateText } from "./date-text";

describe("parseDateText", () => {
  it.each([
    ["November 16, 2026", "en-US", "2026-11-16"],
    ["Nov 16, 2026", "en-US", "2026-11-16"],
    ["16 November 2026", "en-GB", "2026-11-16"],
    ["16. November 2026", "de-DE", "2026-11-16"],
    ["16. Nov. 2026", "de-DE", "2026-11-16"],
    ["16 novembre 2026", "fr-FR", "2026-11-16"],
    ["16 de noviembre de 2026", "es-ES", "2026-11-16"],
    ["16 ноября 2026 г.", "ru-RU", "2026-11-16"],
    ["2026年11月16日", "ja-JP", "2026-11-16"],
    ["2026년 11월 16일", "ko-KR", "2026-11-16"],
    ["2026-11-16", null, "2026-11-16"],
    ["2026-11-16T09:30:00Z", null, "2026-11-16"],
    ["16.11.2026", "de", "2026-11-16"],
    ["16/11/2026", "en-GB", "2026-11-16"],
    ["11/16/2026", "en-GB", "2026-11-16"],
    ["03/04/2026", "en-US", "2026-03-04"],
    ["03/04/2026", "fr", "2026-04-03"],
    ["03/04/2026", null, "2026-04-03"],
    ["November 16, 2026", "de-DE", "2026-11-16"],
    ["November 16, 2026", "not a locale!", "2026-11-16"],
  ])("reads %j (%s)", (text, locale, expected) => {
    expect(parseDateText(text, locale)).toBe(expected);
  });

  it.each([
    // A d/m/Y site with lang="en-US", read on 3 April: 4 March is further, 3 April is right.
    ["03/04/2026", "en-US", "2026-04-03T09:00:00.000Z", "2026-04-03"],
    // The same text read on 4 March: 3 April has not begun anywhere yet.
    ["03/04/2026", "en-US", "2026-03-04T09:00:00.000Z", "2026-03-04"],
    ["03/04/2026", "fr", "2026-03-04T09:00:00.000Z", "2026-03-04"],
    // Tomorrow has begun east of UTC: a site there may print it (2 March, read on 1 March UTC).
    ["02/03/2026", "en-US", "2026-03-01T20:00:00.000Z", "2026-03-02"],
    // Unambiguous dates keep their one reading, even in the future or far from `near`.
    ["13/04/2026", "en-US", "2026-01-01T00:00:00.000Z", "2026-04-13"],
    ["04/13/2026", "fr", "2026-01-01T00:00:00.000Z", "2026-04-13"],
    ["04/04/2026", "en-US", "2026-01-01T00:00:00.000Z", "2026-04-04"],
    // Both readings in the future: the locale's (the order is then refused as implausible).
    ["03/04/2026", "en-US", "2026-01-01T00:00:00.000Z", "2026-03-04"],
    // No usable instant: the locale's reading.
    ["03/04/2026", "en-US", "not a date", "2026-03-04"],
    ["November 16, 2026", "en-US", "2026-04-03T09:00:00.000Z", "2026-11-16"],
  ])("reads %j (%s) near %s as %s", (text, locale, near, expected) => {
    expect(parseDateText(text, locale, near)).toBe(expected);
  });

  it.each([
    ["", "nothing"],
    ["yesterday", "no date"],
    ["February 30, 2026", "a day the month has not"],
    ["16/11/26", "a two-digit year"],
    ["November 16", "no year"],
    ["November 16, 2026 and 17", "two days"],
    ["November December 16, 2026", "two months"],
    ["16 2026 2027", "two years and no month"],
    ["2026-13-01", "a thirteenth month"],
    [`November 16, 2026${" ".repeat(10)}${"x".repeat(80)}`, "too long a text"],
  ])("refuses %j (%s)", (text) => {
    expect(parseDateText(text, "en-US")).toBeNull();
  });
});
