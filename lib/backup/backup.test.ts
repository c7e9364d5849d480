import { IDBObjectStore } from "fake-indexeddb";
import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { tradeRecordSchema } from "../db/record-schema";
import { DB_VERSION } from "../db/schema";
import { generateLedger } from "../db/test-arbitraries";
import { storeTrades, useFreshDb } from "../db/test-db";
import { listTrades, StorageFullError } from "../db/trades";
import { tradeKey } from "../domain/trade";
import type { Trade } from "../domain/types";
import { DEFAULT_SETTINGS, type Settings } from "../settings/schema";
import { loadSettings, saveSettings } from "../settings/store";
import { BACKUP_FORMAT, BACKUP_VERSION, backupToText, exportLedger, importLedger, parseBackup, type LedgerBackup } from "./backup";

const NOW = "2026-11-22T10:00:00.000Z";
const FIXTURES = `${import.meta.dirname}/../../test/fixtures`;
const SETTINGS = JSON.parse(readFileSync(`${FIXTURES}/settings/v2.json`, "utf8")) as Settings;

function wipe(): void {
  useFreshDb();
  fakeBrowser.reset();
}

function parsedOk(text: string): LedgerBackup {
  const parsed = parseBackup(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.backup;
}

beforeEach(wipe);

describe("ledger backups", () => {
  it("export → wipe → import gives identical data over a large generated ledger", { timeout: 120_000 }, async () => {
    const ledger = generateLedger(10_000);
    await storeTrades(ledger);
    await saveSettings(SETTINGS);
    const before = await listTrades();
    expect(before).toHaveLength(10_000);

    const text = backupToText(await exportLedger(NOW));
    wipe();
    expect(await listTrades()).toEqual([]);
    const parsed = parseBackup(text);
    expect(parsed.ok && parsed.preview.trades).toBe(10_000);
    await importLedger(parsedOk(text));

    expect(await listTrades()).toEqual(before);
    expect(await loadSettings()).toEqual(SETTINGS);
  });

  it("previews what a backup holds before anything is replaced", async () => {
    const [a, b, c] = generateLedger(3) as [Trade, Trade, Trade];
    await storeTrades([
      placed(a, "https://tea.example", "2026-03-01T10:00:00.000Z"),
      placed(b, "https://tea.example", "2025-01-02T03:04:05.000Z"),
      placed(c, "https://mugs.example", "2026-12-24T18:00:00.000Z"),
    ]);
    const parsed = parseBackup(backupToText(await exportLedger(NOW)));
    expect(parsed).toMatchObject({
      ok: true,
      preview: { trades: 3, shops: 2, from: "2025-01-02T03:04:05.000Z", to: "2026-12-24T18:00:00.000Z" },
    });
  });

  it("imports a backup made by version 1, upgraded like the database, with its settings", async () => {
    const trades = JSON.parse(readFileSync(`${FIXTURES}/db/v1.json`, "utf8")).trades as unknown[];
    const settings = JSON.parse(readFileSync(`${FIXTURES}/settings/v1.json`, "utf8")) as unknown;
    const backup = parsedOk(JSON.stringify({ format: "tradewatch-backup", version: 1, exportedAt: NOW, dbVersion: 1, trades, settings }));
    expect(backup.dbVersion).toBe(DB_VERSION);
    expect(backup.trades).toHaveLength(trades.length);
    for (const trade of backup.trades) expect(tradeRecordSchema.safeParse(trade).success).toBe(true);
    expect(backup.trades.map((trade) => trade.lifecycle.state)).toContain("completed");
    await importLedger(backup);
    expect((await listTrades()).map((trade) => trade.id).sort()).toEqual(backup.trades.map((trade) => trade.id).sort());
    expect((await loadSettings()).waitLimit).toEqual({ days: null, autoCancelOrigins: [] });
  });

  it("previews an empty ledger with no dates", async () => {
    expect(parseBackup(backupToText(await exportLedger(NOW)))).toMatchObject({
      ok: true,
      preview: { trades: 0, shops: 0, from: null, to: null },
      backup: { format: "tradewatch-backup", version: 1, exportedAt: NOW, dbVersion: DB_VERSION, trades: [], settings: DEFAULT_SETTINGS },
    });
  });

  it("replaces the ledger rather than merging into it", async () => {
    const [kept, dropped] = generateLedger(2) as [Trade, Trade];
    await storeTrades([kept]);
    const backup = parsedOk(backupToText(await exportLedger(NOW)));
    await storeTrades([dropped]);
    await importLedger(backup);
    expect(await listTrades()).toEqual([kept]);
  });

  it("keeps the old ledger whole when the disk fills up during an import", async () => {
    const old = generateLedger(5);
    await storeTrades(old);
    const backup = { ...parsedOk(backupToText(await exportLedger(NOW))), trades: generateLedger(50, 7) };
    let puts = 0;
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, "put").mockImplementation(function (this: IDBObjectStore, ...args) {
      if (++puts > 20) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      return put.apply(this, args);
    });
    await expect(importLedger(backup)).rejects.toBeInstanceOf(StorageFullError);
    vi.restoreAllMocks();
    expect(await listTrades()).toEqual(byKey(old));
  });

  it("says so when the orders were restored but the settings could not be", async () => {
    const backup = parsedOk(backupToText(await exportLedger(NOW)));
    vi.spyOn(fakeBrowser.storage.local, "set").mockRejectedValue(new Error("storage is read-only"));
    await expect(importLedger(backup)).rejects.toThrow(
      "Your orders were restored, but the settings could not be (storage is read-only). Set your limits again in the options.",
    );
  });
});

describe("importing endpoints", () => {
  /** A backup of one order GL-1001 placed on `pageUrl`, its payment service asked at `payment`. */
  function backupWith(pageUrl: string, payment: string): string {
    const [trade] = generateLedger(1) as [Trade];
    const origin = new URL(pageUrl).origin;
    const info = { ...trade.info, tradingId: "GL-1001", pageUrl, shop: { ...trade.info.shop, origin }, endpoints: { shop: null, payment, delivery: null } };
    const backup: LedgerBackup = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      exportedAt: NOW,
      dbVersion: DB_VERSION,
      trades: [{ ...trade, id: tradeKey(origin, "GL-1001"), info }],
      settings: SETTINGS,
    };
    return backupToText(backup);
  }

  it("refuses the whole backup, naming the order, when a public page's endpoint is on the user's network", () => {
    expect(parseBackup(backupWith("https://tea.example/orders/7", "http://192.168.1.1/status"))).toEqual({
      ok: false,
      error:
        "Order 1 (GL-1001) in this backup has a payment status address TradeWatch does not ask (http://192.168.1.1/status), " +
        "so it was changed by hand. Nothing was imported.",
    });
    expect(parseBackup(backupWith("https://tea.example/orders/7", "http://router/status")).ok).toBe(false);
  });

  it("accepts the endpoints capture accepts: public ones, and local ones of a local page", () => {
    expect(parseBackup(backupWith("https://tea.example/orders/7", "https://pay.example/status")).ok).toBe(true);
    expect(parseBackup(backupWith("http://127.0.0.1:4101/orders/7", "http://127.0.0.1:4102/status")).ok).toBe(true);
  });
});

/** The trade as ordered at `origin` on `orderDate`. */
function placed(trade: Trade, origin: string, orderDate: string): Trade {
  return { ...trade, id: tradeKey(origin, trade.info.tradingId), info: { ...trade.info, orderDate, shop: { ...trade.info.shop, origin } } };
}

/** What listTrades returns for these trades: IndexedDB key order. */
function byKey(trades: Trade[]): Trade[] {
  return [...trades].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
