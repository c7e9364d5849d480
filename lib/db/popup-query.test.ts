import { beforeEach, describe, expect, it, vi } from "vitest";
import { FIRST_QUERY, PAGE_SIZE, type PopupLedger, type PopupQuery } from "../domain/popup-view";
import { popupLedgerOf } from "../domain/test-popup";
import { aTrade, NOW, plusMinutes } from "../domain/test-trades";
import type { Trade } from "../domain/types";
import { evaluateLimits } from "../domain/limits";
import { LIMIT_PERIODS, type Limit } from "../settings/schema";
import { loadPopupLedger, loadSpendingTrades } from "./popup-query";
import { openTradeDb } from "./schema";
import { generateLedger } from "./test-arbitraries";
import { storeTrades, useFreshDb } from "./test-db";
import { updateTrade } from "./trades";

beforeEach(useFreshDb);

const ids = (trades: readonly Trade[]) => trades.map((trade) => trade.id);
/** Attention and recent trades come in index order: compare them as sets. */
const comparable = (ledger: PopupLedger) => ({
  ...ledger,
  attention: ids(ledger.attention).sort(),
  recent: ids(ledger.recent).sort(),
  pages: Object.fromEntries(Object.entries(ledger.pages).map(([group, page]) => [group, ids(page)])),
});

/** A ledger whose order dates fall around NOW, so that the spending window holds some. */
function ledgerAround(count: number, seed: number): Trade[] {
  return generateLedger(count, seed).map((trade, index) => ({
    ...trade,
    info: { ...trade.info, orderDate: plusMinutes(NOW, -index * 60 * 11) },
  }));
}

const queries: [string, PopupQuery][] = [
  ["the first page of All", FIRST_QUERY],
  ["a single filter after Show more", { ...FIRST_QUERY, filter: "unsettled", shown: { ...FIRST_QUERY.shown, unsettled: 2 * PAGE_SIZE } }],
  ["settled, with a small page", { ...FIRST_QUERY, filter: "settled", shown: { ...FIRST_QUERY.shown, settled: 3 } }],
];

describe("loadPopupLedger", () => {
  it.each(queries)("reads what the whole ledger in memory gives for %s", async (_name, query) => {
    const trades = ledgerAround(120, 42);
    await storeTrades(trades);
    expect(comparable(await loadPopupLedger(query, NOW))).toEqual(comparable(popupLedgerOf(trades, NOW, query)));
  });

  it("orders trades placed at the same time by key (shop origin, then trading identifier), as the views do", async () => {
    const same = ["b", "B", "a", "ä"].map((tradingId) => aTrade({ info: { tradingId, orderDate: "2026-11-16T09:30:00+01:00" } }));
    const other = aTrade({ info: { tradingId: "a", orderDate: "2026-11-16T08:30:00Z", shop: { name: "Other", origin: "https://other.example" } } });
    await storeTrades([...same, other]);
    const read = await loadPopupLedger(FIRST_QUERY, NOW);
    expect(ids(read.pages.undelivered ?? [])).toEqual(ids(popupLedgerOf([...same, other], NOW).pages.undelivered ?? []));
    expect((read.pages.undelivered ?? []).map((t) => t.info.tradingId)).toEqual(["B", "a", "b", "ä", "a"]);
  });

  it("reads a focused trade beyond the page, and the originals of reorders that are in the ledger", async () => {
    const trades = ledgerAround(60, 8);
    const oldest = trades.at(-1)!;
    const reorder = { ...trades[0]!, reorderOf: oldest.id };
    const orphan = { ...trades[1]!, reorderOf: "https://gone.example X-1" };
    await storeTrades([reorder, orphan, ...trades.slice(2)]);
    const read = await loadPopupLedger({ ...FIRST_QUERY, focusTradeId: oldest.id }, NOW);
    expect(ids(Object.values(read.pages).flat())).not.toContain(oldest.id);
    expect(read.focus).toEqual(oldest);
    expect(read.originals.has(oldest.id)).toBe(true);
    expect(read.originals.has("https://gone.example X-1")).toBe(false);
    expect((await loadPopupLedger({ ...FIRST_QUERY, focusTradeId: "https://gone.example X-1" }, NOW)).focus).toBeNull();
  });

  it("reads only index keys, the totals and the trades it shows, however long the ledger", async () => {
    const trades = ledgerAround(300, 5).map((trade, index) =>
      // The history: finished long ago, settled, delivered, nothing open.
      index < 20
        ? trade
        : aTrade({
            info: { tradingId: `OLD-${index}`, orderDate: plusMinutes(NOW, -60 * 24 * (100 + index)) },
            delivery: { status: "delivered" },
            payment: { status: "settled" },
          }),
    );
    await storeTrades(trades);
    const db = await openTradeDb();
    const store = Object.getPrototypeOf(db.transaction("trades").store);
    const getAll = vi.spyOn(store, "getAll");
    const get = vi.spyOn(store, "get");
    const read = await loadPopupLedger(FIRST_QUERY, NOW);
    expect(getAll).not.toHaveBeenCalled();
    expect(get.mock.calls.length).toBeLessThanOrEqual(20 + 2 * PAGE_SIZE);
    expect(read.recent.length).toBeGreaterThan(0);
    expect(read.totals.filters.all).toBe(300);
    expect(comparable(read)).toEqual(comparable(popupLedgerOf(trades, NOW)));
  });

  it("follows a change to the ledger", async () => {
    const trades = ledgerAround(30, 2);
    await storeTrades(trades);
    const target = trades[3]!;
    await updateTrade(target.id, (t) => ({ ...t, processing: { ...t.processing, delivery: { ...t.processing.delivery, status: "delivered" } } }));
    const read = await loadPopupLedger(FIRST_QUERY, NOW);
    const stored = await (await openTradeDb()).getAll("trades");
    expect(comparable(read)).toEqual(comparable(popupLedgerOf(stored, NOW)));
  });
});

describe("loadSpendingTrades", () => {
  it("gives every limit what the whole ledger gives it, without the finished history", async () => {
    // Everyday totals: the generated ones reach the limits of exact sums, whatever is read.
    const generated = ledgerAround(120, 7).map((trade, index) => ({ ...trade, info: { ...trade.info, total: { ...trade.info.total, minor: 1_000 + index } } }));
    const finished = (tradingId: string, daysAgo: number) =>
      aTrade({ info: { tradingId, orderDate: plusMinutes(NOW, -daysAgo * 24 * 60) }, delivery: { status: "delivered" }, payment: { status: "settled" } });
    const history = [40, 90, 400].map((daysAgo) => finished(`OLD-${daysAgo}`, daysAgo));
    const trades = [...generated, finished("NEW-3", 3), ...history];
    await storeTrades(trades);
    const loaded = await loadSpendingTrades(NOW);
    const currencies = [...new Set(trades.map((trade) => trade.info.total.currency))];
    const shops = [null, ...new Set(trades.map((trade) => trade.info.shop.origin))].slice(0, 3);
    const limits: Limit[] = LIMIT_PERIODS.flatMap((period) =>
      currencies.flatMap((currency) =>
        shops.map((shopOrigin) => ({ id: `${period} ${currency} ${shopOrigin}`, amount: { minor: 1, currency }, shopOrigin, period })),
      ),
    );
    const used = (from: Trade[]) => evaluateLimits(from, limits, NOW, "Europe/Berlin").map((status) => status.used);
    expect(used(loaded)).toEqual(used(trades));
    expect(used(trades).some((money) => money.minor > 0)).toBe(true);
    expect(history.every((trade) => trade.lifecycle.state === "completed")).toBe(true);
    // The finished orders older than the limits' longest period are not read.
    expect(ids(loaded).filter((id) => id.includes("OLD-"))).toEqual([]);
    expect(ids(loaded)).toContain(finished("NEW-3", 3).id);
    expect(new Set(ids(loaded)).size).toBe(loaded.length);
  });
});
