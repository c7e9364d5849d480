import { IDBObjectStore } from "fake-indexeddb";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { aCapturedOrder, NOW, plusMinutes } from "../domain/test-trades";
import { dueTrades, earliestNextCheck, listTrades, saveCaptured, StorageFullError, tradesAtOrigin, updateTrade } from "./trades";
import { useFreshDb } from "./test-db";

beforeEach(useFreshDb);

describe("trades store", () => {
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
