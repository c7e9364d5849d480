import { IDBObjectStore } from "fake-indexeddb";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { isTradeFinished } from "../domain/schedule";
import { tradeSummary } from "../domain/summary";
import { aCapturedOrder, aDeliveredOrder, aWarning, NOW, plusMinutes } from "../domain/test-trades";
import { TRADE_STATES, type Trade } from "../domain/types";
import { filterCounts, needsAttention } from "../domain/views";
import { isOpenWarning } from "../domain/warnings";
import { openTradeDb, TOTALS_KEY } from "./schema";
import { generateLedger } from "./test-arbitraries";
import {
  clearTrades,
  deleteTrade,
  dueTrades,
  earliestNextCheck,
  listTrades,
  putTrade,
  saveCaptured,
  StorageFullError,
  tradesAtOrigin,
  tradesNeedingAttention,
  unfinishedTradeIds,
  updateTrade,
  updateTrades,
  writeLedger,
} from "./trades";
import { storeTrades, useFreshDb } from "./test-db";

beforeEach(useFreshDb);

describe("trades store", () => {
  it("reads exactly the trades that need attention, and with them every open warning", async () => {
    const ledger = generateLedger(60, 5);
    await storeTrades(ledger);
    const read = await tradesNeedingAttention();
    const ids = (trades: Trade[]) => trades.map((trade) => trade.id).sort();
    expect(ids(read)).toEqual(ids(ledger.filter(needsAttention)));
    expect(read.length).toBeLessThan(ledger.length);
    const openWarnings = (trades: Trade[]) => trades.flatMap((trade) => trade.warnings.filter(isOpenWarning)).length;
    expect(openWarnings(read)).toBe(openWarnings(ledger));
    expect(openWarnings(read)).toBeGreaterThan(0);
  });

  it("lists the keys of exactly the unfinished trades, and follows a trade that finishes", async () => {
    const ledger = generateLedger(60, 5);
    await storeTrades(ledger);
    const unfinished = ledger.filter((trade) => !isTradeFinished(trade)).map((trade) => trade.id);
    expect((await unfinishedTradeIds()).sort()).toEqual([...unfinished].sort());
    expect(unfinished.length).toBeGreaterThan(0);
    expect(unfinished.length).toBeLessThan(ledger.length);

    const [first] = unfinished;
    const finishing = ledger.find((trade) => trade.id === first)!;
    const finished = { ...aDeliveredOrder(), id: finishing.id, info: finishing.info };
    expect(isTradeFinished(finished)).toBe(true);
    await updateTrade(first!, () => finished);
    expect(await unfinishedTradeIds()).not.toContain(first);
  });

  it("stores a captured order once, however often it is captured", async () => {
    const first = await saveCaptured(aCapturedOrder(), NOW);
    const again = await saveCaptured(aCapturedOrder(), plusMinutes(NOW, 1));
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.trade).toEqual(first.trade);
    expect(await listTrades()).toHaveLength(1);
  });

  it("gives one trade when the same order is captured concurrently (two tabs)", async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => saveCaptured(aCapturedOrder(), NOW)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await listTrades()).toHaveLength(1);
  });

  it("keeps the same trading identifier at two shops apart", async () => {
    await saveCaptured(aCapturedOrder(), NOW);
    await saveCaptured(aCapturedOrder({ info: { shop: { name: "Other", origin: "https://other.example" } } }), NOW);
    expect(await listTrades()).toHaveLength(2);
    expect(await tradesAtOrigin("https://other.example")).toHaveLength(1);
  });

  it("applies a change inside one transaction and reports a missing trade", async () => {
    const { trade } = await saveCaptured(aCapturedOrder(), NOW);
    const updated = await updateTrade(trade.id, (t) => ({ ...t, warnings: [] , info: { ...t.info, pageUrl: "changed" } }));
    expect(updated?.info.pageUrl).toBe("changed");
    expect((await listTrades())[0]?.info.pageUrl).toBe("changed");
    expect(await updateTrade("nope", (t) => t)).toBeNull();
  });

  it("finds due trades and the earliest check through the schedule index", async () => {
    await saveCaptured(aCapturedOrder(), NOW);
    await saveCaptured(aCapturedOrder({ info: { tradingId: "GL-2" } }), plusMinutes(NOW, 10));
    expect(await earliestNextCheck()).toBe(NOW);
    expect((await dueTrades(plusMinutes(NOW, 5))).map((t) => t.info.tradingId)).toEqual(["GL-1001"]);
    expect(await dueTrades(plusMinutes(NOW, -1))).toEqual([]);
  });

  it("leaves trades with nothing to ask out of the schedule", async () => {
    await saveCaptured(aCapturedOrder({ info: { endpoints: { shop: null, payment: null, delivery: null } } }), NOW);
    expect(await earliestNextCheck()).toBeNull();
    expect(await listTrades()).toHaveLength(1);
  });

  it("reports a full quota as StorageFullError and keeps everything already stored", async () => {
    const { trade } = await saveCaptured(aCapturedOrder(), NOW);
    const before = await listTrades();
    const quota = () => {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    };
    vi.spyOn(IDBObjectStore.prototype, "put").mockImplementation(quota);
    vi.spyOn(IDBObjectStore.prototype, "add").mockImplementation(quota);

    const full = saveCaptured(aCapturedOrder({ info: { tradingId: "GL-2" } }), NOW);
    await expect(full).rejects.toBeInstanceOf(StorageFullError);
    await expect(full).rejects.toThrow("Your browser's storage for TradeWatch is full. Nothing already saved was lost, but this change could not be saved.");
    await expect(updateTrade(trade.id, (t) => ({ ...t, warnings: [] , info: { ...t.info, pageUrl: "changed" } }))).rejects.toBeInstanceOf(StorageFullError);

    vi.restoreAllMocks();
    expect(await listTrades()).toEqual(before);
  });

  it("writes nothing of a change that throws, and passes its error on", async () => {
    const { trade } = await saveCaptured(aCapturedOrder(), NOW);
    const failing = updateTrade(trade.id, () => {
      throw new Error("bug in a change");
    });
    await expect(failing).rejects.toThrow("bug in a change");
    expect(await listTrades()).toEqual([trade]);
  });
});

/** The stored totals record, and what counting the stored trades from scratch gives. */
async function totalsAndRecount() {
  const db = await openTradeDb();
  const [record, trades] = await Promise.all([db.get("totals", TOTALS_KEY), listTrades()]);
  const states = Object.fromEntries(TRADE_STATES.map((state) => [state, trades.filter((t) => t.lifecycle.state === state).length]));
  return { stored: record, recount: { id: TOTALS_KEY, filters: filterCounts(trades), states } };
}

const delivered = (trade: Trade): Trade => ({
  ...trade,
  processing: { ...trade.processing, delivery: { ...trade.processing.delivery, status: "delivered" } },
});

describe("the ledger's totals", () => {
  it("are written with the trades, concurrent writes in one transaction included", async () => {
    await storeTrades(generateLedger(40, 7));
    const { stored, recount } = await totalsAndRecount();
    expect(stored).toEqual(recount);
    expect(stored?.filters.all).toBe(40);
  });

  it("follow updates, one at a time and batched, and stay unwritten when no count moves", async () => {
    const ledger = generateLedger(30, 11);
    await storeTrades(ledger);
    await updateTrade(ledger[0]!.id, delivered);
    const changed = await updateTrades(ledger.slice(1, 20).flatMap((trade, index) => [
      { id: trade.id, change: delivered },
      { id: trade.id, change: (t: Trade) => ({ ...t, warnings: index % 2 ? [aWarning()] : [] }) },
    ]));
    expect(changed.length).toBeGreaterThan(0);
    const { stored, recount } = await totalsAndRecount();
    expect(stored).toEqual(recount);

    const put = vi.spyOn(IDBObjectStore.prototype, "put");
    await updateTrade(ledger[25]!.id, (t) => ({ ...t, info: { ...t.info, pageUrl: "https://green-leaf.example/elsewhere" } }));
    const stores = put.mock.contexts.map((store) => (store as IDBObjectStore).name);
    // The trade only: its row and the totals are as they were.
    expect(stores).toEqual(["trades"]);
  });

  it("start again from nothing when the trades are cleared in the same transaction", async () => {
    await storeTrades(generateLedger(10, 3));
    const replacement = generateLedger(4, 5);
    await writeLedger(async (tx) => {
      await clearTrades(tx);
      await Promise.all(replacement.map((trade) => putTrade(tx, trade, null, NOW)));
    });
    const { stored, recount } = await totalsAndRecount();
    expect(stored).toEqual(recount);
    expect(stored?.filters.all).toBe(4);
    const db = await openTradeDb();
    expect(await db.count("summaries")).toBe(4);
  });

  it("lose a deleted trade, with its summary row", async () => {
    const ledger = generateLedger(6, 13);
    await storeTrades(ledger);
    const gone = ledger[2]!;
    await writeLedger(async (tx) => deleteTrade(tx, gone));
    const { stored, recount } = await totalsAndRecount();
    expect(stored).toEqual(recount);
    expect(stored?.filters.all).toBe(5);
    expect(await (await openTradeDb()).get("summaries", gone.id)).toBeUndefined();
  });

  it("write nothing of a batch when one change throws", async () => {
    const ledger = generateLedger(5, 9);
    await storeTrades(ledger);
    const before = await totalsAndRecount();
    const failing = updateTrades([
      { id: ledger[0]!.id, change: delivered },
      {
        id: ledger[1]!.id,
        change: () => {
          throw new Error("bug in a change");
        },
      },
    ]);
    await expect(failing).rejects.toThrow("bug in a change");
    expect(await totalsAndRecount()).toEqual(before);
    expect((await listTrades()).find((t) => t.id === ledger[0]!.id)).toEqual(ledger[0]);
  });
});

describe("updateTrades", () => {
  it("reads each trade once, applies its changes in order, writes it once and reports it as before and after", async () => {
    const { trade } = await saveCaptured(aCapturedOrder(), NOW);
    const get = vi.spyOn(IDBObjectStore.prototype, "get");
    const changed = await updateTrades(
      [
        { id: trade.id, change: (t) => ({ ...t, notice: "first" }) },
        { id: trade.id, change: (t) => ({ ...t, notice: `${t.notice} then second` }) },
        { id: "gone", change: (t) => t },
      ],
      NOW,
    );
    expect(get.mock.calls.filter(([key]) => key === trade.id)).toHaveLength(1);
    expect(changed).toEqual([{ before: trade, after: { ...trade, notice: "first then second" } }]);
    expect((await listTrades())[0]?.notice).toBe("first then second");
    const db = await openTradeDb();
    expect(await db.get("summaries", trade.id)).toEqual(tradeSummary(changed[0]!.after));
    expect(await updateTrades([{ id: trade.id, change: (t) => t }])).toEqual([]);
  });
});

describe("the change feed", () => {
  const feed = async () => (await (await openTradeDb()).getAll("changes")).map((batch) => [batch.seq, batch.entries.map((entry) => [entry.seq, entry.tradingId, entry.kind])]);
  const paid = (trade: Trade): Trade => ({
    ...trade,
    processing: { ...trade.processing, payment: { ...trade.processing.payment, status: "settled" } },
  });

  it("holds one record per transaction, its changes numbered on from the record before", async () => {
    const trades = await Promise.all(["GL-1", "GL-2", "GL-3"].map(async (tradingId) => (await saveCaptured(aCapturedOrder({ info: { tradingId } }), NOW)).trade));
    // A capture is no change worth telling.
    expect(await feed()).toEqual([]);
    await updateTrades(trades.map((trade) => ({ id: trade.id, change: delivered })), NOW);
    await updateTrade(trades[1]!.id, paid, plusMinutes(NOW, 1));
    expect(await feed()).toEqual([
      [3, [[1, "GL-1", "delivered"], [2, "GL-2", "delivered"], [3, "GL-3", "delivered"]]],
      [4, [[4, "GL-2", "settled"]]],
    ]);
    const db = await openTradeDb();
    expect((await db.get("changes", 4))?.at).toBe(plusMinutes(NOW, 1));
  });

  it("gets no record from a transaction that tells nothing or fails", async () => {
    const { trade } = await saveCaptured(aCapturedOrder(), NOW);
    const { trade: other } = await saveCaptured(aCapturedOrder({ info: { tradingId: "GL-2" } }), NOW);
    await updateTrade(trade.id, (t) => ({ ...t, info: { ...t.info, pageUrl: "https://green-leaf.example/elsewhere" } }));
    // The first trade is written, its change recorded, before the second one's change fails.
    const failing = updateTrades([
      { id: trade.id, change: delivered },
      {
        id: other.id,
        change: () => {
          throw new Error("bug in a change");
        },
      },
    ]);
    await expect(failing).rejects.toThrow("bug in a change");
    expect(await feed()).toEqual([]);
  });
});
