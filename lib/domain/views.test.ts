import { describe, expect, it } from "vitest";
import { aReturn, aTrade, NOW, plusMinutes } from "./test-trades";
import { RETURN_STATUSES } from "./types";
import type { DeliveryStatus, PaymentStatus, ShopStatus, Warning } from "./types";
import {
  acknowledgedWarnings,
  deliveryGroup,
  hasOpenReturn,
  isCancelled,
  isOpenReturn,
  filterCounts,
  filterTrades,
  FINAL_STATUSES,
  isFinalStatus,
  ledgerShops,
  openWarnings,
  settlementGroup,
  sortTrades,
  TRADE_FILTERS,
  unsettledTotals,
  type TradeFilter,
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

  it("counts an order the shop cancelled in answer to a cancel command as settled before its status says so", () => {
    const cancelled = aTrade({ shop: { status: "received", outcome: "failed" }, payment: { status: "authorized" } });
    expect(isCancelled(cancelled)).toBe(true);
    expect(settlementGroup(cancelled)).toBe("settled");
    expect(unsettledTotals([cancelled])).toEqual([]);
    expect(isCancelled(aTrade({ shop: { status: "received", outcome: "completed" } }))).toBe(false);
  });
});

describe("isOpenReturn and hasOpenReturn", () => {
  it("counts a return as open until the shop refused, refunded or it failed", () => {
    const open = RETURN_STATUSES.filter((status) => isOpenReturn(aReturn({ status })));
    expect(open).toEqual(["requesting", "accepted", "received"]);
    expect(hasOpenReturn(aTrade())).toBe(false);
    expect(hasOpenReturn(aTrade({ returns: [aReturn({ status: "refunded" }), aReturn({ key: "k2", status: "received" })] }))).toBe(true);
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

describe("filterTrades and filterCounts", () => {
  const trades = [
    aTrade({ info: { tradingId: "open" } }),
    aTrade({ info: { tradingId: "paid" }, payment: { status: "settled" } }),
    aTrade({ info: { tradingId: "arrived" }, delivery: { status: "delivered" } }),
    aTrade({ info: { tradingId: "done" }, delivery: { status: "delivered" }, payment: { status: "settled" } }),
  ];
  const ids = (filter: TradeFilter) => filterTrades(trades, filter).map((trade) => trade.info.tradingId);

  it.each<[TradeFilter, string[]]>([
    ["all", ["open", "paid", "arrived", "done"]],
    ["undelivered", ["open", "paid"]],
    ["delivered", ["arrived", "done"]],
    ["unsettled", ["open", "arrived"]],
    ["settled", ["paid", "done"]],
  ])("%s keeps %j, in the order given", (filter, expected) => {
    expect(ids(filter)).toEqual(expected);
  });

  it("counts every filter", () => {
    expect(filterCounts(trades)).toEqual({ all: 4, undelivered: 2, delivered: 2, unsettled: 2, settled: 2 });
    expect(filterCounts([])).toEqual({ all: 0, undelivered: 0, delivered: 0, unsettled: 0, settled: 0 });
    expect(Object.keys(filterCounts([]))).toEqual([...TRADE_FILTERS]);
  });
});

describe("openWarnings and acknowledgedWarnings", () => {
  const warning = (
    firstSeenAt: string,
    code: Warning["code"] = "payment-overdue",
    acknowledgedAt: string | null = null,
  ): Warning => ({ code, source: "payment", message: `${code} message`, firstSeenAt, acknowledgedAt });

  it("lists unacknowledged warnings of every trade, newest first within a severity, with its trade", () => {
    const older = aTrade({ info: { tradingId: "A" }, warnings: [warning(plusMinutes(NOW, -60))] });
    const newer = aTrade({
      info: { tradingId: "B", shop: { name: "Book Nook", origin: "https://books.example" } },
      warnings: [warning(NOW, "delivery-overdue"), warning(plusMinutes(NOW, -120))],
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
      warning: warning(NOW, "delivery-overdue"),
      severity: "warning",
    });
  });

  it("puts critical warnings before warnings before notices, whatever their age", () => {
    const trade = aTrade({
      warnings: [
        warning(NOW, "stale"),
        warning(plusMinutes(NOW, -10), "payment-overdue"),
        warning(plusMinutes(NOW, -500), "amount-mismatch"),
      ],
    });
    expect(openWarnings([trade]).map((entry) => [entry.warning.code, entry.severity])).toEqual([
      ["amount-mismatch", "critical"],
      ["payment-overdue", "warning"],
      ["stale", "notice"],
    ]);
  });

  it("keeps acknowledged warnings apart", () => {
    const trade = aTrade({
      warnings: [warning(NOW, "amount-mismatch", plusMinutes(NOW, 5)), warning(NOW, "payment-overdue")],
    });
    expect(openWarnings([trade]).map((entry) => entry.warning.code)).toEqual(["payment-overdue"]);
    expect(acknowledgedWarnings([trade]).map((entry) => entry.warning.code)).toEqual(["amount-mismatch"]);
  });

  it("compares instants, not strings, and breaks ties by trade", () => {
    const inParis = aTrade({ info: { tradingId: "P" }, warnings: [warning("2026-11-20T11:30:00+01:00")] });
    const inUtc = aTrade({ info: { tradingId: "U" }, warnings: [warning("2026-11-20T10:00:00Z")] });
    const tie = aTrade({ info: { tradingId: "T" }, warnings: [warning("2026-11-20T10:00:00Z")] });
    expect(openWarnings([inUtc, inParis, tie]).map((entry) => entry.tradingId)).toEqual(["P", "T", "U"]);
  });

  it("is empty when no trade has a warning", () => {
    expect(openWarnings([aTrade()])).toEqual([]);
    expect(acknowledgedWarnings([aTrade()])).toEqual([]);
  });
});

describe("ledgerShops", () => {
  it("lists each shop once, named as on its latest captured order, sorted by name", () => {
    const shop = (name: string, origin: string) => ({ name, origin });
    const trades = [
      aTrade({ info: { tradingId: "A", shop: shop("Tea Shop", "https://tea.example"), capturedAt: "2026-11-01T00:00:00Z" } }),
      aTrade({ info: { tradingId: "B", shop: shop("Tea Shop & Co", "https://tea.example"), capturedAt: "2026-11-05T00:00:00Z" } }),
      aTrade({ info: { tradingId: "C", shop: shop("Tea Shop (old)", "https://tea.example"), capturedAt: "2026-10-01T00:00:00Z" } }),
      aTrade({ info: { tradingId: "D", shop: shop("Books", "https://books.example") } }),
      aTrade({ info: { tradingId: "E", shop: shop("Books", "https://books.example.org") } }),
    ];
    expect(ledgerShops(trades)).toEqual([
      shop("Books", "https://books.example"),
      shop("Books", "https://books.example.org"),
      shop("Tea Shop & Co", "https://tea.example"),
    ]);
    expect(ledgerShops([])).toEqual([]);
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
