import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FUZZ_TIMEOUT_MS, fuzzParams, tradeArb } from "../db/test-arbitraries";
import { LIMIT_PERIODS, type Limit } from "../settings/schema";
import { committedSpend, evaluateLimits } from "./limits";
import { FIRST_QUERY, groupsOf, limitWindowStart, listOf, spendingTrades, tradesRead } from "./popup-view";
import { popupLedgerOf } from "./test-popup";
import { aTrade, NOW, plusMinutes } from "./test-trades";
import { unsettledTotals } from "./views";

const DAY_MINUTES = 24 * 60;
const travelling = (tradingId: string, daysAgo: number) =>
  aTrade({ info: { tradingId, orderDate: plusMinutes(NOW, -daysAgo * DAY_MINUTES) }, delivery: { status: "in_transit" }, payment: { status: "settled" } });

describe("groupsOf", () => {
  it("shows All as the undelivered then the delivered, and every other filter as itself", () => {
    expect(groupsOf("all")).toEqual(["undelivered", "delivered"]);
    expect(groupsOf("settled")).toEqual(["settled"]);
  });
});

describe("listOf", () => {
  const trades = Array.from({ length: 15 }, (_, index) => travelling(`T-${index}`, index));

  it("shows a list's page, with the focused trade in its place when it is beyond the page", () => {
    const shown = { ...FIRST_QUERY.shown, undelivered: 5 };
    const page = listOf(popupLedgerOf(trades, NOW, { ...FIRST_QUERY, shown }), "undelivered");
    expect(page.map((t) => t.info.tradingId)).toEqual(["T-0", "T-1", "T-2", "T-3", "T-4"]);
    const focused = popupLedgerOf(trades, NOW, { ...FIRST_QUERY, shown, focusTradeId: trades[9]!.id });
    expect(listOf(focused, "undelivered").map((t) => t.info.tradingId)).toEqual(["T-0", "T-1", "T-2", "T-3", "T-4", "T-9"]);
    // Not in the other list, and not twice when it is on the page.
    expect(listOf(focused, "delivered")).toEqual([]);
    const onPage = popupLedgerOf(trades, NOW, { ...FIRST_QUERY, shown, focusTradeId: trades[2]!.id });
    expect(listOf(onPage, "undelivered")).toEqual(page);
  });

  it("reads each trade once however many parts of the popup show it", () => {
    const ledger = popupLedgerOf(trades, NOW, { ...FIRST_QUERY, focusTradeId: trades[1]!.id });
    expect(tradesRead(ledger).map((t) => t.id).sort()).toEqual(trades.map((t) => t.id).sort());
  });
});

describe("limitWindowStart", () => {
  it("starts 32 days before now", () => {
    expect(limitWindowStart("2026-03-31T23:30:00.000Z")).toBe("2026-02-27T23:30:00.000Z");
  });
});

const ORIGINS = ["https://a.example", "https://b.example"];
const TIME_ZONES = ["UTC", "Europe/Paris", "America/Los_Angeles", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Australia/Lord_Howe"];
const nowArb = fc.date({ min: new Date("2025-01-01T00:00:00Z"), max: new Date("2027-12-31T23:59:59Z"), noInvalidDate: true }).map((d) => d.toISOString());

/** Trades at two shops ordered within a year before `now` (and a little after), with small totals. */
const ledgerArb = (now: string) =>
  fc.array(
    fc.record({ trade: tradeArb, minutesAgo: fc.integer({ min: -600, max: 365 * DAY_MINUTES }), origin: fc.constantFrom(...ORIGINS), minor: fc.nat(100_000) }).map(({ trade, minutesAgo, origin, minor }) => ({
      ...trade,
      info: { ...trade.info, shop: { ...trade.info.shop, origin }, orderDate: plusMinutes(now, -minutesAgo), total: { ...trade.info.total, minor } },
    })),
    { maxLength: 25 },
  ).map((trades) => trades.map((trade, index) => ({ ...trade, id: `${trade.id} #${index}` })));

const limitArb: fc.Arbitrary<Limit> = fc.record({
  id: fc.uuid(),
  amount: fc.record({ minor: fc.nat(200_000), currency: fc.constantFrom("EUR", "USD", "JPY", "GBP", "CHF", "BHD", "SEK") }),
  shopOrigin: fc.option(fc.constantFrom(...ORIGINS)),
  period: fc.constantFrom(...LIMIT_PERIODS),
});

describe("spendingTrades", () => {
  it(
    "give every limit, the unsettled total and this month's spending what the whole ledger gives",
    () => {
      fc.assert(
        fc.property(
          nowArb.chain((now) => fc.record({ now: fc.constant(now), trades: ledgerArb(now), limits: fc.array(limitArb, { maxLength: 4 }), timeZone: fc.constantFrom(...TIME_ZONES) })),
          ({ now, trades, limits, timeZone }) => {
            const read = spendingTrades(popupLedgerOf(trades, now));
            expect(evaluateLimits(read, limits, now, timeZone)).toEqual(evaluateLimits(trades, limits, now, timeZone));
            expect(committedSpend(read, "calendar-month", now, timeZone)).toEqual(committedSpend(trades, "calendar-month", now, timeZone));
            expect(unsettledTotals(read)).toEqual(unsettledTotals(trades));
          },
        ),
        fuzzParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
