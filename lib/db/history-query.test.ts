import { beforeEach, describe, expect, it, vi } from "vitest";
import { aTrade } from "../domain/test-trades";
import type { SummaryRow } from "../domain/summary";
import type { Trade, TradeState } from "../domain/types";
import { loadFinishedSummaries, loadTradesByIds } from "./history-query";
import { openTradeDb } from "./schema";
import { useFreshDb } from "./test-db";

beforeEach(useFreshDb);

function aSummary(tradingId: string, state: TradeState): SummaryRow {
  return {
    id: `https://green-leaf.example ${tradingId}`,
    tradingId,
    shopOrigin: "https://green-leaf.example",
    shopName: "Green Leaf Tea",
    orderDate: "2026-11-16T09:30:00.000Z",
    state,
    stateSince: "2026-11-19T09:30:00.000Z",
    total: { minor: 5997, currency: "EUR" },
    itemText: "green tea",
    itemCount: 3,
    rank: -Date.parse("2026-11-16T09:30:00.000Z"),
    delivery: "delivered",
  };
}

async function putSummaries(rows: SummaryRow[]): Promise<void> {
  const db = await openTradeDb();
  const tx = db.transaction("summaries", "readwrite");
  await Promise.all([...rows.map((row) => tx.store.put(row)), tx.done]);
}

async function putTrades(trades: Trade[]): Promise<void> {
  const db = await openTradeDb();
  const tx = db.transaction("trades", "readwrite");
  await Promise.all([...trades.map((trade) => tx.store.put(trade)), tx.done]);
}

const ids = (rows: { id: string }[]) => rows.map((row) => row.id).sort();

describe("loadFinishedSummaries", () => {
  it("reads the completed and failed trades' rows, and no other", async () => {
    const finished = [aSummary("C-1", "completed"), aSummary("F-1", "failed"), aSummary("C-2", "completed")];
    await putSummaries([...finished, aSummary("O-1", "open"), aSummary("N-1", "finalising")]);
    const rows = await loadFinishedSummaries();
    expect(ids(rows)).toEqual(ids(finished));
    expect(rows.find((row) => row.tradingId === "F-1")).toEqual(finished[1]);
  });

  it("reads through the by-state index, not the whole store", async () => {
    await putSummaries([aSummary("C-1", "completed")]);
    const db = await openTradeDb();
    const wholeStore = vi.spyOn(Object.getPrototypeOf(db.transaction("summaries").store), "getAll");
    expect(ids(await loadFinishedSummaries())).toEqual([aSummary("C-1", "completed").id]);
    expect(wholeStore).not.toHaveBeenCalled();
  });

  it("is empty for a ledger with no finished trade", async () => {
    expect(await loadFinishedSummaries()).toEqual([]);
    await putSummaries([aSummary("O-1", "open")]);
    expect(await loadFinishedSummaries()).toEqual([]);
  });
});

describe("loadTradesByIds", () => {
  const one = aTrade({ info: { tradingId: "GL-1" } });
  const two = aTrade({ info: { tradingId: "GL-2" } });
  const three = aTrade({ info: { tradingId: "GL-3" } });

  it("reads the trades asked for, in the order asked", async () => {
    await putTrades([one, two, three]);
    expect(await loadTradesByIds([three.id, one.id])).toEqual([three, one]);
  });

  it("gives each trade once, and leaves out ids with no trade", async () => {
    await putTrades([one, two]);
    expect(await loadTradesByIds([two.id, "https://gone.example X", two.id, one.id])).toEqual([two, one]);
  });

  it("reads nothing for no ids", async () => {
    await putTrades([one]);
    expect(await loadTradesByIds([])).toEqual([]);
  });

  it("reads all of them in one readonly transaction", async () => {
    await putTrades([one, two, three]);
    const db = await openTradeDb();
    const transaction = vi.spyOn(db, "transaction");
    await loadTradesByIds([one.id, two.id, three.id]);
    expect(transaction).toHaveBeenCalledOnce();
    expect(transaction.mock.calls[0]?.slice(0, 2)).toEqual(["trades"]);
  });
});
