import { describe, expect, it } from "vitest";
import { aTrade, NOW, plusMinutes } from "./test-trades";
import type { DeliveryStatus, PaymentStatus, ShopStatus, Warning } from "./types";
import {
  deliveryGroup,
  FINAL_STATUSES,
  isFinalStatus,
  limitUses,
  openWarnings,
  settlementGroup,
  sortTrades,
  unsettledTotals,
} from "./views";

describe("isFinalStatus", () => {
  it.each([
    ["shop", "delivered", true],
    ["shop", "cancelled", true],
    ["shop", "shipped", false],
    ["payment", "settled", true],
    ["payment", "failed", true],
    ["payment", "refunded", true],
    ["payment", "authorized", false],
    ["delivery", "delivered", true],
    ["delivery", "returned", true],
    ["delivery", "in_transit", false],
  ] as const)("%s %s → %s", (source, status, final) => {
    expect(isFinalStatus(source, status)).toBe(final);
  });

  it("treats an unknown status as not final", () => {
    for (const source of ["shop", "payment", "delivery"] as const) expect(isFinalStatus(source, null)).toBe(false);
  });

  it("lists the final statuses of each source", () => {
    expect(FINAL_STATUSES.payment).toEqual(["settled", "failed", "refunded"]);
  });
});

describe("deliveryGroup", () => {
  it.each<[ShopStatus | null, DeliveryStatus | null, string]>([
    [null, null, "undelivered"],
    ["shipped", "in_transit", "undelivered"],
    ["cancelled", "pending", "undelivered"],
    [null, "delivered", "delivered"],
    [null, "returned", "delivered"],
    ["delivered", null, "delivered"],
    ["delivered", "in_transit", "delivered"],
  ])("shop %s, delivery %s → %s", (shop, delivery, group) => {
    expect(deliveryGroup(aTrade({ shop: { status: shop }, delivery: { status: delivery } }))).toBe(group);
  });
});

describe("settlementGroup", () => {
  it.each<[ShopStatus | null, PaymentStatus | null, string]>([
    [null, null, "unsettled"],
    ["processing", "pending", "unsettled"],
    ["delivered", "authorized", "unsettled"],
    [null, "settled", "settled"],
    [null, "refunded", "settled"],
    [null, "failed", "settled"],
    ["cancelled", null, "settled"],
    ["cancelled", "authorized", "settled"],
  ])("shop %s, payment %s → %s", (shop, payment, group) => {
    expect(settlementGroup(aTrade({ shop: { status: shop }, payment: { status: payment } }))).toBe(group);
  });
});

describe("unsettledTotals", () => {
  it("sums unsettled trades per currency and leaves settled ones out", () => {
    const trades = [
      aTrade({ info: { tradingId: "A", total: { minor: 5997, currency: "EUR" } } }),
      aTrade({ info: { tradingId: "B", total: { minor: 1003, currency: "EUR" } }, payment: { status: "authorized" } }),
      aTrade({ info: { tradingId: "C", total: { minor: 1200, currency: "USD" } } }),
      aTrade({ info: { tradingId: "D", total: { minor: 9999, currency: "EUR" } }, payment: { status: "settled" } }),
      aTrade({ info: { tradingId: "E", total: { minor: 500, currency: "JPY" } }, shop: { status: "cancelled" } }),
    ];
    expect(unsettledTotals(trades)).toEqual([
      { currency: "EUR", minor: 7000 },
      { currency: "USD", minor: 1200 },
    ]);
  });

  it("is empty when everything is settled or there are no trades", () => {
    expect(unsettledTotals([])).toEqual([]);
    expect(unsettledTotals([aTrade({ payment: { status: "refunded" } })])).toEqual([]);
  });
});

describe("limitUses", () => {
  it("gives one entry per currency in totals or limits, sorted by currency", () => {
    const uses = limitUses(
      [
        { currency: "USD", minor: 1200 },
        { currency: "EUR", minor: 7000 },
      ],
      [
        { currency: "GBP", minor: 10000 },
        { currency: "EUR", minor: 5000 },
      ],
    );
    expect(uses).toEqual([
      {
        currency: "EUR",
        used: { currency: "EUR", minor: 7000 },
        limit: { currency: "EUR", minor: 5000 },
        over: true,
        share: 1.4,
      },
      {
        currency: "GBP",
        used: { currency: "GBP", minor: 0 },
        limit: { currency: "GBP", minor: 10000 },
        over: false,
        share: 0,
      },
      { currency: "USD", used: { currency: "USD", minor: 1200 }, limit: null, over: false, share: null },
    ]);
  });

  it.each([
    [4999, 5000, false, 0.9998],
    [5000, 5000, false, 1],
    [5001, 5000, true, 1.0002],
  ])("used %i against limit %i: over %s", (used, limit, over, share) => {
    const [use] = limitUses([{ currency: "EUR", minor: used }], [{ currency: "EUR", minor: limit }]);
    expect(use?.over).toBe(over);
    expect(use?.share).toBeCloseTo(share, 10);
  });

  it("handles a zero limit without dividing by zero", () => {
    expect(limitUses([{ currency: "EUR", minor: 0 }], [{ currency: "EUR", minor: 0 }])[0]).toMatchObject({
      over: false,
      share: 0,
    });
    expect(limitUses([{ currency: "EUR", minor: 1 }], [{ currency: "EUR", minor: 0 }])[0]).toMatchObject({
      over: true,
      share: Number.POSITIVE_INFINITY,
    });
  });

  it("is empty without totals or limits", () => {
    expect(limitUses([], [])).toEqual([]);
  });
});

describe("openWarnings", () => {
  const warning = (firstSeenAt: string, code: Warning["code"] = "payment-overdue"): Warning => ({
    code,
    source: "payment",
    message: "Payment was due",
    firstSeenAt,
  });

  it("lists every warning of every trade, newest first, with its trade", () => {
    const older = aTrade({ info: { tradingId: "A" }, warnings: [warning(plusMinutes(NOW, -60))] });
    const newer = aTrade({
      info: { tradingId: "B", shop: { name: "Book Nook", origin: "https://books.example" } },
      warnings: [warning(NOW, "amount-mismatch"), warning(plusMinutes(NOW, -120))],
    });
    const open = openWarnings([older, newer, aTrade({ info: { tradingId: "C" } })]);
    expect(open.map((entry) => [entry.tradingId, entry.warning.firstSeenAt])).toEqual([
      ["B", NOW],
      ["A", plusMinutes(NOW, -60)],
      ["B", plusMinutes(NOW, -120)],
    ]);
    expect(open[0]).toEqual({
      tradeId: "https://books.example B",
      tradingId: "B",
      shopName: "Book Nook",
      warning: warning(NOW, "amount-mismatch"),
    });
  });

  it("compares instants, not strings, and breaks ties by trade", () => {
    const inParis = aTrade({ info: { tradingId: "P" }, warnings: [warning("2026-11-20T11:30:00+01:00")] });
    const inUtc = aTrade({ info: { tradingId: "U" }, warnings: [warning("2026-11-20T10:00:00Z")] });
    const tie = aTrade({ info: { tradingId: "T" }, warnings: [warning("2026-11-20T10:00:00Z")] });
    expect(openWarnings([inUtc, inParis, tie]).map((entry) => entry.tradingId)).toEqual(["P", "T", "U"]);
  });

  it("is empty when no trade has a warning", () => {
    expect(openWarnings([aTrade()])).toEqual([]);
  });
});

describe("sortTrades", () => {
  it("puts the newest order first and breaks ties by trading identifier, without touching the input", () => {
    const trades = [
      aTrade({ info: { tradingId: "B", orderDate: "2026-11-16T09:30:00Z" } }),
      aTrade({ info: { tradingId: "C", orderDate: "2026-11-18T09:30:00Z" } }),
      aTrade({ info: { tradingId: "A", orderDate: "2026-11-16T09:30:00Z" } }),
      aTrade({ info: { tradingId: "D", orderDate: "2026-11-01T00:00:00Z" } }),
    ];
    const before = trades.map((trade) => trade.info.tradingId);
    expect(sortTrades(trades).map((trade) => trade.info.tradingId)).toEqual(["C", "A", "B", "D"]);
    expect(trades.map((trade) => trade.info.tradingId)).toEqual(before);
  });
});
