// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, screen } from "@testing-library/preact";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { aTrade, NOW, plusMinutes } from "../lib/domain/test-trades";
import type { Trade } from "../lib/domain/types";
import { formatDay, formatMoment, formatOnDay } from "./dates";
import { formatNumber, listOf } from "./labels";
import { renderTradeCard } from "./test-trade-card";

/**
 * Numbers, money and dates follow the browser's UI language. The messages stay English here
 * (test/setup-i18n.ts), so only the formats change with the language.
 */

afterEach(() => {
  cleanup();
  fakeBrowser.i18n.getUILanguage = () => "en";
});

function inLanguage(language: string) {
  fakeBrowser.i18n.getUILanguage = () => language;
}

const DAY_MINUTES = 24 * 60;

/** 1,234.56 EUR, 1,234 items, ordered the previous year and settled yesterday. */
function bigOrder(): Trade {
  return aTrade({
    info: {
      total: { minor: 123_456, currency: "EUR" },
      items: [{ name: "Tea bag", sku: null, quantity: 1234, unitPrice: null }],
      orderDate: "2025-12-30T12:00:00.000Z",
    },
    payment: { status: "settled", completedAt: plusMinutes(NOW, -DAY_MINUTES) },
  });
}

function renderCard(trade: Trade): string {
  renderTradeCard(trade);
  return screen.getByRole("article").textContent ?? "";
}

describe("a trade card in German", () => {
  it("writes money, counts and dates the German way", () => {
    inLanguage("de");
    const text = renderCard(bigOrder());
    expect(text).toContain("1.234,56\u00a0€");
    expect(text).toContain("1.234 items");
    expect(text).toContain("ordered on 30. Dez. 2025");
    expect(text).toContain("Settled gestern");
  });

  it("writes the time a source asked to wait until on the 24-hour clock", () => {
    inLanguage("de");
    const text = renderCard(aTrade({ payment: { notBefore: plusMinutes(NOW, 185) } }));
    expect(text).toContain("Asked to wait – next check: 13:05");
  });
});

describe("a trade card in Japanese", () => {
  it("writes money, counts and dates the Japanese way", () => {
    inLanguage("ja");
    const text = renderCard(bigOrder());
    expect(text).toContain("€1,234.56");
    expect(text).toContain("1,234 items");
    expect(text).toContain("2025年12月30日");
    expect(text).toContain("Settled 昨日");
  });

  it("writes yen without minor units", () => {
    inLanguage("ja");
    const text = renderCard(aTrade({ info: { total: { minor: 1980, currency: "JPY" } } }));
    expect(text).toMatch(/[¥￥]1,980/);
  });
});

describe("dates, numbers and lists by language", () => {
  const lastWeek = plusMinutes(NOW, -7 * DAY_MINUTES);

  it("names days in the current year without the year, and relative days in words", () => {
    inLanguage("de");
    expect(formatDay(lastWeek, NOW)).toBe("13. Nov.");
    expect(formatDay(plusMinutes(NOW, DAY_MINUTES), NOW)).toBe("morgen");
    inLanguage("ja");
    expect(formatDay(lastWeek, NOW)).toBe("11月13日");
    expect(formatDay(NOW, NOW)).toBe("今日");
  });

  it("keeps the English words of the messages around a date of another language", () => {
    inLanguage("de");
    expect(formatOnDay(lastWeek, NOW)).toBe("on 13. Nov.");
    expect(formatOnDay(NOW, NOW)).toBe("heute");
  });

  it("writes times on the clock of the language", () => {
    const moment = "2026-11-13T10:05:00.000Z";
    const clock = (language: string) =>
      new Intl.DateTimeFormat(language, { hour: "2-digit", minute: "2-digit" }).format(new Date(moment));
    inLanguage("en");
    expect(formatMoment(moment, NOW)).toMatch(/[AP]M$/);
    inLanguage("de");
    expect(formatMoment(moment, NOW)).toBe(`13. Nov., ${clock("de")}`);
    expect(formatMoment(moment, NOW)).not.toMatch(/[AP]M/);
    inLanguage("ja");
    expect(formatMoment(moment, NOW)).toBe(`11月13日, ${clock("ja")}`);
  });

  it("groups digits and joins lists in the language's way", () => {
    inLanguage("de");
    expect(formatNumber(1234567)).toBe("1.234.567");
    expect(listOf(["A", "B", "C"])).toBe("A, B und C");
    expect(listOf(["A", "B"], "or")).toBe("A oder B");
    inLanguage("ja");
    expect(formatNumber(1234567)).toBe("1,234,567");
    expect(listOf(["A", "B", "C"])).toBe("A、B、C");
  });
});
