import { describe, expect, it } from "vitest";
import type { Limit, LimitPeriod } from "../settings/schema";
import {
  committedSpend,
  describeLimit,
  evaluateLimits,
  exceededMessage,
  isVoid,
  wouldExceed,
  type SpendingPeriod,
} from "./limits";
import { aTrade, NOW, ORIGIN } from "./test-trades";
import type { Money, Trade } from "./types";

const eur = (minor: number): Money => ({ minor, currency: "EUR" });
const TEA = "https://tea.example";

function aLimit(overrides: Partial<Limit> = {}): Limit {
  return { id: "l1", amount: eur(10000), shopOrigin: null, period: "none", ...overrides };
}

/** One order of `minor` cents on `orderDate`, at `origin`. */
function order(tradingId: string, minor: number, orderDate = NOW, origin = ORIGIN, currency = "EUR"): Trade {
  return aTrade({
    info: { tradingId, orderDate, total: { minor, currency }, shop: { name: `Shop at ${origin}`, origin } },
  });
}

describe("committedSpend: period boundaries", () => {
  // 2026-11-20 is a Friday; weeks start on Monday.
  it.each<[string, SpendingPeriod, string, string, string, boolean]>([
    // Calendar month: the month's first local midnight.
    ["month start in Paris (UTC+1)", "calendar-month", "Europe/Paris", NOW, "2026-10-31T23:00:00.000Z", true],
    ["just before it in Paris", "calendar-month", "Europe/Paris", NOW, "2026-10-31T22:59:59.999Z", false],
    ["the same instant in UTC", "calendar-month", "UTC", NOW, "2026-10-31T23:00:00.000Z", false],
    ["month start in UTC", "calendar-month", "UTC", NOW, "2026-11-01T00:00:00.000Z", true],
    // New York on 30 Nov 22:00 local is still November, though it is 1 Dec in UTC; 1 Nov 00:00 is still EDT (UTC−4).
    ["New York, now late on the last day", "calendar-month", "America/New_York", "2026-12-01T03:00:00.000Z", "2026-11-01T04:00:00.000Z", true],
    ["New York, the minute before", "calendar-month", "America/New_York", "2026-12-01T03:00:00.000Z", "2026-11-01T03:59:00.000Z", false],
    ["UTC at that time is in December", "calendar-month", "UTC", "2026-12-01T03:00:00.000Z", "2026-11-30T23:59:00.000Z", false],
    ["across the year in Berlin", "calendar-month", "Europe/Berlin", "2027-01-15T12:00:00.000Z", "2026-12-31T23:00:00.000Z", true],
    ["across the year in UTC", "calendar-month", "UTC", "2027-01-15T12:00:00.000Z", "2026-12-31T23:00:00.000Z", false],
    ["a leap day in March", "calendar-month", "UTC", "2028-03-01T00:00:00.000Z", "2028-02-29T23:59:59.999Z", false],
    ["an order dated after now", "calendar-month", "UTC", NOW, "2026-11-20T11:00:00.000Z", true],
    // Calendar week: Monday's local midnight.
    ["week start in UTC", "calendar-week", "UTC", NOW, "2026-11-16T00:00:00.000Z", true],
    ["Sunday before it in UTC", "calendar-week", "UTC", NOW, "2026-11-15T23:59:59.999Z", false],
    ["week start in Tokyo (UTC+9)", "calendar-week", "Asia/Tokyo", NOW, "2026-11-15T15:00:00.000Z", true],
    ["Sunday night in Tokyo", "calendar-week", "Asia/Tokyo", NOW, "2026-11-15T14:59:59.999Z", false],
    ["now is Sunday: the week began six days ago", "calendar-week", "UTC", "2026-11-22T20:00:00.000Z", "2026-11-16T00:00:00.000Z", true],
    ["now is Sunday in UTC but Monday in Auckland", "calendar-week", "Pacific/Auckland", "2026-11-22T20:00:00.000Z", "2026-11-22T11:00:00.000Z", true],
    ["Auckland: Sunday is last week", "calendar-week", "Pacific/Auckland", "2026-11-22T20:00:00.000Z", "2026-11-22T10:59:00.000Z", false],
    ["now is Monday: the week began today", "calendar-week", "UTC", "2026-11-23T00:00:00.000Z", "2026-11-22T23:59:59.999Z", false],
    ["a week across the new year", "calendar-week", "UTC", "2027-01-01T12:00:00.000Z", "2026-12-28T00:00:00.000Z", true],
    ["its Sunday before", "calendar-week", "UTC", "2027-01-01T12:00:00.000Z", "2026-12-27T23:59:59.999Z", false],
    // New York left daylight saving time on 1 Nov: Monday 2 Nov starts at 05:00 UTC, not 04:00.
    ["a week after a DST change", "calendar-week", "America/New_York", "2026-11-04T12:00:00.000Z", "2026-11-02T05:00:00.000Z", true],
    ["the hour DST would have moved", "calendar-week", "America/New_York", "2026-11-04T12:00:00.000Z", "2026-11-02T04:59:00.000Z", false],
    // Rolling 30 days: the 720 hours before now, wherever the user is.
    ["exactly 30 × 24 h ago", "rolling-30-days", "UTC", NOW, "2026-10-21T10:00:00.000Z", true],
    ["a millisecond earlier", "rolling-30-days", "UTC", NOW, "2026-10-21T09:59:59.999Z", false],
    ["the same in Tokyo", "rolling-30-days", "Asia/Tokyo", NOW, "2026-10-21T09:59:59.999Z", false],
    ["an offset date", "rolling-30-days", "UTC", NOW, "2026-10-21T11:00:00.000+01:00", true],
  ])("%s", (_case, period, timeZone, now, orderDate, counted) => {
    const spent = committedSpend([order("A", 1234, orderDate)], period, now, timeZone);
    expect(spent).toEqual(counted ? [eur(1234)] : []);
  });

  it("sums per currency, never across, and leaves void orders out but keeps settled ones", () => {
    const trades = [
      order("A", 1000),
      order("B", 250, NOW, TEA),
      order("C", 700, NOW, ORIGIN, "USD"),
      aTrade({ info: { tradingId: "settled", total: eur(5) }, payment: { status: "settled" } }),
      aTrade({ info: { tradingId: "cancelled", total: eur(10000) }, shop: { status: "cancelled" } }),
      aTrade({ info: { tradingId: "failed", total: eur(20000) }, payment: { status: "failed" } }),
      aTrade({ info: { tradingId: "refunded", total: eur(30000) }, payment: { status: "refunded" } }),
      order("old", 99999, "2026-09-01T00:00:00.000Z"),
    ];
    expect(committedSpend(trades, "rolling-30-days", NOW, "UTC")).toEqual([eur(1255), { minor: 700, currency: "USD" }]);
  });

  it("counts no order with a malformed date", () => {
    expect(committedSpend([order("A", 100, "yesterday")], "calendar-month", NOW, "UTC")).toEqual([]);
    expect(committedSpend([order("A", 100, "yesterday")], "rolling-30-days", NOW, "UTC")).toEqual([]);
  });

  it("refuses a time zone that is not an IANA name", () => {
    expect(() => committedSpend([order("A", 100)], "calendar-month", NOW, "Mars/Olympus")).toThrow(RangeError);
  });
});

describe("evaluateLimits", () => {
  const trades = [
    order("A", 3000),
    order("B", 2000, NOW, TEA),
    order("C", 4000, NOW, ORIGIN, "USD"),
    aTrade({ info: { tradingId: "paid", total: eur(1500), orderDate: NOW }, payment: { status: "settled" } }),
    aTrade({ info: { tradingId: "gone", total: eur(800), orderDate: NOW }, shop: { status: "cancelled" } }),
    order("last-month", 600, "2026-10-25T12:00:00.000Z"),
  ];

  it.each<[string, Partial<Limit>, number]>([
    ["no period: what is not settled, all shops", {}, 3000 + 2000 + 600],
    ["no period at one shop", { shopOrigin: TEA }, 2000],
    ["no period, a shop written as a URL with a path", { shopOrigin: `${TEA}/` }, 2000],
    ["this month: committed, settled included, cancelled not", { period: "calendar-month" }, 3000 + 2000 + 1500],
    ["this month at one shop", { period: "calendar-month", shopOrigin: ORIGIN }, 3000 + 1500],
    ["last 30 days", { period: "rolling-30-days" }, 3000 + 2000 + 1500 + 600],
    ["another currency", { amount: { minor: 10000, currency: "USD" } }, 4000],
    ["a currency without orders", { amount: { minor: 10000, currency: "GBP" } }, 0],
    ["a shop without orders", { shopOrigin: "https://other.example" }, 0],
  ])("%s", (_case, overrides, used) => {
    const limit = aLimit(overrides);
    const [status] = evaluateLimits(trades, [limit], NOW, "Europe/Paris");
    expect(status).toEqual({
      limit,
      used: { minor: used, currency: limit.amount.currency },
      share: used / limit.amount.minor,
      over: false,
    });
  });

  it.each([
    [9999, false],
    [10000, false],
    [10001, true],
  ])("used %i against 10000: over %s", (used, over) => {
    const [status] = evaluateLimits([order("A", used)], [aLimit()], NOW, "UTC");
    expect(status?.over).toBe(over);
    expect(status?.share).toBeCloseTo(used / 10000, 10);
  });

  it("handles a zero limit without dividing by zero", () => {
    const zero = aLimit({ amount: eur(0) });
    expect(evaluateLimits([], [zero], NOW, "UTC")[0]).toMatchObject({ over: false, share: 0 });
    expect(evaluateLimits([order("A", 1)], [zero], NOW, "UTC")[0]).toMatchObject({
      over: true,
      share: Number.POSITIVE_INFINITY,
    });
  });

  it("counts nothing of an order the shop cancelled in answer to the user's cancel command", () => {
    const cancelled = aTrade({ info: { orderDate: NOW }, shop: { status: "received", outcome: "failed" }, payment: { status: "authorized" } });
    expect(isVoid(cancelled)).toBe(true);
    const limits = [aLimit(), aLimit({ id: "month", period: "calendar-month" })];
    expect(evaluateLimits([cancelled], limits, NOW, "UTC").map((status) => status.used.minor)).toEqual([0, 0]);
  });

  it("keeps the order of the limits and gives nothing without limits", () => {
    const limits = [aLimit({ id: "b", period: "calendar-week" }), aLimit({ id: "a" })];
    expect(evaluateLimits(trades, limits, NOW, "UTC").map((status) => status.limit.id)).toEqual(["b", "a"]);
    expect(evaluateLimits(trades, [], NOW, "UTC")).toEqual([]);
  });
});

describe("wouldExceed", () => {
  const trades = [order("A", 3400), order("B", 500, NOW, TEA)];
  const pending = (minor: number, shopOrigin = ORIGIN, currency = "EUR") => ({ shopOrigin, total: { minor, currency } });

  it("gives the limits the pending order would push over, counting it in", () => {
    const limits = [
      aLimit({ id: "all", amount: eur(5000), period: "calendar-month" }),
      aLimit({ id: "roomy", amount: eur(100000) }),
      aLimit({ id: "here", amount: eur(4000), shopOrigin: ORIGIN, period: "rolling-30-days" }),
    ];
    expect(wouldExceed(trades, limits, pending(1200), NOW, "UTC")).toEqual([
      { limit: limits[0], used: eur(5100), share: 1.02, over: true },
      { limit: limits[2], used: eur(4600), share: 1.15, over: true },
    ]);
  });

  it("allows reaching a limit exactly", () => {
    expect(wouldExceed(trades, [aLimit({ amount: eur(5000) })], pending(1100), NOW, "UTC")).toEqual([]);
    expect(wouldExceed(trades, [aLimit({ amount: eur(5000) })], pending(1101), NOW, "UTC")).toHaveLength(1);
  });

  it("ignores limits of other shops and currencies", () => {
    const limits = [aLimit({ amount: eur(1), shopOrigin: TEA }), aLimit({ amount: { minor: 1, currency: "USD" } })];
    expect(wouldExceed(trades, limits, pending(1200), NOW, "UTC")).toEqual([]);
    expect(wouldExceed(trades, limits, pending(1200, TEA), NOW, "UTC").map((status) => status.limit)).toEqual([limits[0]]);
  });

  it("keeps a limit that is already over", () => {
    expect(wouldExceed(trades, [aLimit({ amount: eur(1000) })], pending(0), NOW, "UTC")).toHaveLength(1);
  });

  it("counts the pending order for the current week even on a Monday just after midnight", () => {
    const limit = aLimit({ amount: eur(1000), period: "calendar-week" });
    const monday = "2026-11-23T00:00:01.000Z";
    expect(wouldExceed(trades, [limit], pending(1001), monday, "UTC")).toHaveLength(1);
    expect(wouldExceed(trades, [limit], pending(1000), monday, "UTC")).toEqual([]);
  });
});

describe("describeLimit", () => {
  it.each<[string | null, LimitPeriod, string | undefined, string]>([
    [null, "none", undefined, "All shops · no period"],
    [null, "calendar-month", "ignored", "All shops · this month"],
    [TEA, "rolling-30-days", "Tea Shop", "Tea Shop · last 30 days"],
    ["https://tea.example:8443", "calendar-week", undefined, "tea.example:8443 · this week"],
  ])("%s %s (%s) → %s", (shopOrigin, period, shopName, text) => {
    expect(describeLimit(aLimit({ shopOrigin, period }), shopName)).toBe(text);
  });
});

describe("exceededMessage", () => {
  it("says what the order is, the limit, and what was already used, in English", () => {
    const [status] = wouldExceed([order("A", 3400)], [aLimit({ amount: eur(5000), period: "calendar-month" })], {
      shopOrigin: ORIGIN,
      total: eur(9300),
    }, NOW, "UTC");
    if (!status) throw new Error("expected the limit to be exceeded");
    expect(exceededMessage(status, eur(9300))).toBe(
      "This order of €93.00 would take you over your €50.00 limit (All shops · this month): €34.00 already used.",
    );
  });

  it("names the shop of a per-shop limit", () => {
    const limit = aLimit({ amount: { minor: 1000, currency: "JPY" }, shopOrigin: TEA, period: "rolling-30-days" });
    const total = { minor: 1500, currency: "JPY" };
    const [status] = wouldExceed([], [limit], { shopOrigin: TEA, total }, NOW, "UTC");
    if (!status) throw new Error("expected the limit to be exceeded");
    expect(exceededMessage(status, total, "Tea Shop")).toBe(
      "This order of ¥1,500 would take you over your ¥1,000 limit (Tea Shop · last 30 days): ¥0 already used.",
    );
  });
});
