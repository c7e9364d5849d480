import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fuzzParams, tradeArb } from "../db/test-arbitraries";
import type { Limit } from "../settings/schema";
import { committedSpend } from "./limits";
import { localMonth, monthlySpending, spendingState, type CurrencySpending } from "./spending";
import { aTrade, NOW } from "./test-trades";
import type { Money, Trade } from "./types";

const eur = (minor: number): Money => ({ minor, currency: "EUR" });

function aLimit(overrides: Partial<Limit> = {}): Limit {
  return { id: "l1", amount: eur(30000), shopOrigin: null, period: "calendar-month", ...overrides };
}

let serial = 0;
/** An order of `minor` in `currency` on `orderDate`, not paid yet unless `paid`. */
function order(minor: number, orderDate: string, options: { currency?: string; paid?: boolean } = {}): Trade {
  serial += 1;
  return aTrade({
    info: { tradingId: `T-${serial}`, orderDate, total: { minor, currency: options.currency ?? "EUR" } },
    payment: { status: options.paid ? "settled" : "authorized" },
  });
}

/** The months of one currency's series that hold something, as "YYYY-MM settled/unsettled". */
function filled(series: CurrencySpending | undefined): string[] {
  return (series?.months ?? [])
    .filter((month) => month.settled !== 0 || month.unsettled !== 0)
    .map((month) => `${month.year}-${String(month.month).padStart(2, "0")} ${month.settled}/${month.unsettled}`);
}

describe("spendingState", () => {
  it.each<[string, Parameters<typeof aTrade>[0], string]>([
    ["not paid yet", { payment: { status: "authorized" } }, "unsettled"],
    ["nothing heard yet", {}, "unsettled"],
    ["paid", { payment: { status: "settled" } }, "settled"],
    ["paid and delivered", { payment: { status: "settled" }, delivery: { status: "delivered" } }, "settled"],
    ["cancelled by the shop", { shop: { status: "cancelled" } }, "void"],
    ["cancelled after payment", { shop: { status: "cancelled" }, payment: { status: "settled" } }, "void"],
    ["payment failed", { payment: { status: "failed" } }, "void"],
    ["refunded", { payment: { status: "refunded" } }, "void"],
  ])("%s → %s", (_case, overrides, state) => {
    expect(spendingState(aTrade(overrides))).toBe(state);
  });
});

describe("localMonth", () => {
  it.each<[string, string, string, string]>([
    ["UTC midnight of the first", "2026-11-01T00:00:00.000Z", "UTC", "2026-11"],
    ["a millisecond before it", "2026-10-31T23:59:59.999Z", "UTC", "2026-10"],
    ["already November in Paris", "2026-10-31T23:00:00.000Z", "Europe/Paris", "2026-11"],
    ["still October in Paris", "2026-10-31T22:59:59.999Z", "Europe/Paris", "2026-10"],
    ["still November in New York", "2026-12-01T03:00:00.000Z", "America/New_York", "2026-11"],
    ["the new year in Tokyo", "2026-12-31T15:00:00.000Z", "Asia/Tokyo", "2027-01"],
    ["the old year in Los Angeles", "2027-01-01T07:59:00.000Z", "America/Los_Angeles", "2026-12"],
    ["an offset date", "2026-12-01T00:30:00.000+01:00", "UTC", "2026-11"],
  ])("%s", (_case, iso, timeZone, expected) => {
    const month = localMonth(iso, timeZone);
    expect(`${month?.year}-${String(month?.month).padStart(2, "0")}`).toBe(expected);
  });

  it("is null for text that is not a date, and throws for a time zone that is not one", () => {
    expect(localMonth("yesterday", "UTC")).toBeNull();
    expect(() => localMonth(NOW, "Mars/Olympus")).toThrow(RangeError);
  });
});

describe("monthlySpending", () => {
  it("lists the last 12 months, oldest first, ending with the current one, across the year", () => {
    const [series] = monthlySpending([order(100, NOW)], [], NOW, "UTC");
    expect(series?.months.map((month) => `${month.year}-${month.month}`)).toEqual([
      "2025-12", "2026-1", "2026-2", "2026-3", "2026-4", "2026-5", "2026-6", "2026-7", "2026-8", "2026-9", "2026-10", "2026-11",
    ]);
  });

  it("splits each month into settled and unsettled, leaving void orders out", () => {
    const trades = [
      order(1000, "2026-11-02T10:00:00.000Z", { paid: true }),
      order(250, "2026-11-19T10:00:00.000Z"),
      order(700, "2026-10-15T10:00:00.000Z", { paid: true }),
      order(40, "2026-10-16T10:00:00.000Z"),
      aTrade({ info: { tradingId: "cancelled", orderDate: NOW, total: eur(9999) }, shop: { status: "cancelled" } }),
      aTrade({ info: { tradingId: "failed", orderDate: NOW, total: eur(8888) }, payment: { status: "failed" } }),
      aTrade({ info: { tradingId: "refunded", orderDate: NOW, total: eur(7777) }, payment: { status: "refunded" } }),
    ];
    const [series, ...others] = monthlySpending(trades, [], NOW, "UTC");
    expect(others).toEqual([]);
    expect(series?.currency).toBe("EUR");
    expect(filled(series)).toEqual(["2026-10 700/40", "2026-11 1000/250"]);
  });

  it("never mixes currencies: one series each, sorted by code", () => {
    const trades = [
      order(500, NOW, { currency: "USD" }),
      order(1000, NOW),
      order(3000, NOW, { currency: "JPY", paid: true }),
      order(200, "2026-09-09T09:00:00.000Z", { currency: "USD", paid: true }),
    ];
    const spending = monthlySpending(trades, [], NOW, "UTC");
    expect(spending.map((series) => series.currency)).toEqual(["EUR", "JPY", "USD"]);
    expect(spending.map(filled)).toEqual([["2026-11 0/1000"], ["2026-11 3000/0"], ["2026-09 200/0", "2026-11 0/500"]]);
  });

  it("puts an order in the month of the user's time zone", () => {
    // 31 Oct 23:30 UTC is 1 Nov in Paris; 1 Dec 03:00 UTC is still 30 Nov in New York.
    const trades = [order(100, "2026-10-31T23:30:00.000Z"), order(7, "2026-12-01T03:00:00.000Z")];
    const now = "2026-12-10T12:00:00.000Z";
    expect(filled(monthlySpending(trades, [], now, "UTC")[0])).toEqual(["2026-10 0/100", "2026-12 0/7"]);
    expect(filled(monthlySpending(trades, [], now, "Europe/Paris")[0])).toEqual(["2026-11 0/100", "2026-12 0/7"]);
    expect(filled(monthlySpending(trades, [], now, "America/New_York")[0])).toEqual(["2026-10 0/100", "2026-11 0/7"]);
  });

  it("reads the current month in the time zone too", () => {
    // 31 Dec 20:00 UTC is already 2027 in Tokyo: the window moves on by one month.
    const now = "2026-12-31T20:00:00.000Z";
    const last = (timeZone: string) => monthlySpending([order(1, now)], [], now, timeZone)[0]?.months.at(-1);
    expect(last("UTC")).toMatchObject({ year: 2026, month: 12, unsettled: 1 });
    expect(last("Asia/Tokyo")).toMatchObject({ year: 2027, month: 1, unsettled: 1 });
  });

  it("keeps the window's edges: the first day of the 12th month back counts, the day before does not", () => {
    const trades = [order(11, "2025-12-01T00:00:00.000Z"), order(99, "2025-11-30T23:59:59.999Z")];
    expect(filled(monthlySpending(trades, [], NOW, "UTC")[0])).toEqual(["2025-12 0/11"]);
  });

  it("counts an order dated after now in the current month, and one with a broken date nowhere", () => {
    const trades = [order(5, "2027-02-01T00:00:00.000Z"), order(9, "not a date")];
    expect(filled(monthlySpending(trades, [], NOW, "UTC")[0])).toEqual(["2026-11 0/5"]);
  });

  it("takes another window length", () => {
    const [series] = monthlySpending([order(5, "2026-09-30T12:00:00.000Z")], [], NOW, "UTC", 3);
    expect(series?.months.map((month) => month.month)).toEqual([9, 10, 11]);
    expect(filled(series)).toEqual(["2026-09 0/5"]);
  });

  it("has nothing to show without orders in the window or monthly limits", () => {
    expect(monthlySpending([], [], NOW, "UTC")).toEqual([]);
    expect(monthlySpending([order(5, "2024-01-01T00:00:00.000Z")], [], NOW, "UTC")).toEqual([]);
  });

  it("draws a currency's calendar-month limit for all shops, and no other limit", () => {
    const limits = [
      aLimit({ id: "month", amount: eur(30000) }),
      aLimit({ id: "unsettled", amount: eur(100), period: "none" }),
      aLimit({ id: "week", amount: eur(200), period: "calendar-week" }),
      aLimit({ id: "shop", amount: { minor: 5000, currency: "USD" }, shopOrigin: "https://tea.example" }),
    ];
    const spending = monthlySpending([order(100, NOW), order(100, NOW, { currency: "USD" })], limits, NOW, "UTC");
    expect(spending.map((series) => [series.currency, series.limit])).toEqual([
      ["EUR", eur(30000)],
      ["USD", null],
    ]);
  });

  it("draws no empty chart for a currency that has a monthly limit but nothing ordered", () => {
    const limits = [aLimit({ amount: { minor: 0, currency: "GBP" } })];
    expect(monthlySpending([order(100, NOW)], limits, NOW, "UTC").map((series) => series.currency)).toEqual(["EUR"]);
  });

  it("agrees with the limits' committed spend for the current month", () => {
    const trades = [order(100, "2026-11-01T00:00:00.000Z", { paid: true }), order(50, NOW), order(20, "2026-10-31T23:00:00.000Z")];
    for (const timeZone of ["UTC", "Europe/Paris"]) {
      const month = monthlySpending(trades, [], NOW, timeZone)[0]?.months.at(-1);
      expect([eur((month?.settled ?? 0) + (month?.unsettled ?? 0))]).toEqual(committedSpend(trades, "calendar-month", NOW, timeZone));
    }
  });

  it("keeps every counted minor unit of each currency in that currency's series, for any ledger", () => {
    fc.assert(
      fc.property(fc.array(tradeArb, { maxLength: 12 }), (trades) => {
        // Sums past 2^53 are not exact in any order of addition: no real ledger gets there.
        fc.pre(Number.isSafeInteger(trades.reduce((total, trade) => total + trade.info.total.minor, 0)));
        // Generated dates lie in 2020–2035: a window from mid-2019 to mid-2036 holds them all.
        const spending = monthlySpending(trades, [], "2036-06-01T00:00:00.000Z", "UTC", 12 * 17);
        for (const series of spending) {
          const counted = trades.filter(
            (trade) => trade.info.total.currency === series.currency && spendingState(trade) !== "void" && localMonth(trade.info.orderDate, "UTC") !== null,
          );
          const sum = series.months.reduce((total, month) => total + month.settled + month.unsettled, 0);
          expect(sum).toBe(counted.reduce((total, trade) => total + trade.info.total.minor, 0));
        }
      }),
      fuzzParams(100),
    );
  });
});
