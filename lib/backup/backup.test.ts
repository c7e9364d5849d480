import { IDBObjectStore } from "fake-indexeddb";
import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { acceptEndpoint } from "../capture/endpoint-policy";
import { tradeRecordSchema } from "../db/record-schema";
import { DB_VERSION } from "../db/schema";
import { generateLedger } from "../db/test-arbitraries";
import { storeTrades, useFreshDb } from "../db/test-db";
import { dueTrades, getTrade, listTrades, saveCaptured, StorageFullError, writeLedger } from "../db/trades";
import { newCommand } from "../domain/command-policy";
import { newCollective } from "../domain/coordinator";
import { beginFinalising } from "../domain/lifecycle";
import { aCapturedOrder, aTrade, shopCommands } from "../domain/test-trades";
import { tradeKey } from "../domain/trade-key";
import type { CollectiveRecord, CommandRecord, Trade } from "../domain/types";
import { DEFAULT_SETTINGS, type Settings } from "../settings/schema";
import { loadSettings, saveSettings } from "../settings/store";
import { BACKUP_FORMAT, BACKUP_VERSION, backupToText, exportLedger, importLedger, parseBackup, type LedgerBackup } from "./backup";

const NOW = "2026-11-22T10:00:00.000Z";
const LATER = "2026-11-23T08:00:00.000Z";
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

/**
 * Generated trades as capture could have stored them, which a backup of them must hold: none
 * waiting for a shop's answer (a generated wait is often one its statuses already ended) and no
 * command address on a local name (the generator's URLs may end in .lan).
 */
function ledgerOf(count: number, seed?: number): Trade[] {
  return generateLedger(count, seed).map((trade) => {
    const { commands, pageUrl } = trade.info;
    const accepted = commands !== null && acceptEndpoint(commands.url, pageUrl) !== null ? commands : null;
    return { ...trade, info: { ...trade.info, commands: accepted }, lifecycle: { ...trade.lifecycle, pending: null } };
  });
}

beforeEach(wipe);

describe("ledger backups", () => {
  it("export → wipe → import gives identical data over a large generated ledger", { timeout: 120_000 }, async () => {
    const ledger = ledgerOf(10_000);
    await storeTrades(ledger);
    await saveSettings(SETTINGS);
    const before = await listTrades();
    expect(before).toHaveLength(10_000);

    const text = backupToText(await exportLedger(NOW));
    wipe();
    expect(await listTrades()).toEqual([]);
    const parsed = parseBackup(text);
    expect(parsed.ok ? parsed.preview.trades : parsed.error).toBe(10_000);
    await importLedger(parsedOk(text));

    expect(await listTrades()).toEqual(before);
    expect(await loadSettings()).toEqual(SETTINGS);
  });

  it("previews what a backup holds before anything is replaced", async () => {
    const [a, b, c] = ledgerOf(3) as [Trade, Trade, Trade];
    await storeTrades([
      placed(a, "https://tea.example", "2026-03-01T10:00:00.000Z"),
      placed(b, "https://tea.example", "2025-01-02T03:04:05.000Z"),
      placed(c, "https://mugs.example", "2026-12-24T18:00:00.000Z"),
    ]);
    const parsed = parseBackup(backupToText(await exportLedger(NOW)));
    expect(parsed).toMatchObject({
      ok: true,
      backup: { scope: "ledger" },
      preview: { trades: 3, waiting: 0, shops: 2, from: "2025-01-02T03:04:05.000Z", to: "2026-12-24T18:00:00.000Z" },
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
      preview: { trades: 0, waiting: 0, shops: 0, from: null, to: null },
      backup: { format: "tradewatch-backup", version: 1, scope: "ledger", exportedAt: NOW, dbVersion: DB_VERSION, trades: [], settings: DEFAULT_SETTINGS },
    });
  });

  it("replaces the ledger rather than merging into it", async () => {
    const [kept, dropped] = ledgerOf(2) as [Trade, Trade];
    await storeTrades([kept]);
    const backup = parsedOk(backupToText(await exportLedger(NOW)));
    await storeTrades([dropped]);
    await importLedger(backup);
    expect(await listTrades()).toEqual([kept]);
  });

  it("keeps the old ledger whole when the disk fills up during an import", async () => {
    const old = ledgerOf(5);
    await storeTrades(old);
    const backup = { ...parsedOk(backupToText(await exportLedger(NOW))), trades: ledgerOf(50, 7) };
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

describe("selection backups", () => {
  it("exports the trades named, without the settings, and says it is a selection", async () => {
    const [a, b, c] = ledgerOf(3) as [Trade, Trade, Trade];
    await storeTrades([a, b, c]);
    await saveSettings(SETTINGS);
    const backup = await exportLedger(NOW, [c.id, a.id]);
    expect(backup).toEqual({ format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: NOW, dbVersion: DB_VERSION, scope: "selection", trades: [c, a], settings: null });
    expect(parseBackup(backupToText(backup))).toMatchObject({ ok: true, backup, preview: { trades: 2 } });
  });

  it("export selection → wipe → import gives identical trades and leaves the settings alone", async () => {
    const ledger = ledgerOf(20, 3);
    await storeTrades(ledger);
    const chosen = ledger.slice(5, 15);
    const text = backupToText(await exportLedger(NOW, chosen.map((trade) => trade.id)));
    wipe();
    await saveSettings(SETTINGS);
    await importLedger(parsedOk(text), LATER);
    expect(await listTrades()).toEqual(byKey(chosen));
    expect(await loadSettings()).toEqual(SETTINGS);
  });

  it("adds the selection to a ledger with other trades, replacing only those with the same id", async () => {
    const [a, b, c, d] = ledgerOf(4, 11) as [Trade, Trade, Trade, Trade];
    await storeTrades([a, b]);
    await saveSettings(SETTINGS);
    const text = backupToText(await exportLedger(NOW, [a.id, b.id]));
    wipe();
    const changedSince = { ...a, history: [...a.history, { at: LATER, kind: "status" as const, source: null, code: null, text: "Changed since" }] };
    await storeTrades([changedSince, c, d]);
    await importLedger(parsedOk(text), LATER);
    expect(await listTrades()).toEqual(byKey([a, b, c, d]));
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it("stores the instants of a backup written with a UTC offset in UTC, so that its schedule comes due", async () => {
    const { trade } = await saveCaptured(aCapturedOrder(), NOW);
    const due = trade.nextCheckAt ?? "";
    // Every instant of the file, the schedule's included, at the same time in +14:00 (Kiribati).
    const text = backupToText(await exportLedger(NOW, [trade.id])).replace(/"([-\d]{10}T[:.\d]{12})Z"/g, (_match, utc: string) =>
      JSON.stringify(new Date(Date.parse(`${utc}Z`) + 14 * 3_600_000).toISOString().replace("Z", "+14:00")),
    );
    expect(text).toContain("+14:00");
    expect(text).not.toContain(`"${due}"`);
    wipe();
    await importLedger(parsedOk(text), LATER);
    expect(await listTrades()).toEqual([trade]);
    expect((await dueTrades(due)).map((each) => each.id)).toEqual([trade.id]);
  });

  it("reads a file without a scope as a whole ledger, as files made before selections are", async () => {
    const [trade] = ledgerOf(1) as [Trade];
    await storeTrades([trade]);
    const { scope, ...old } = await exportLedger(NOW);
    expect(scope).toBe("ledger");
    expect(parseBackup(JSON.stringify(old))).toMatchObject({ ok: true, backup: { scope: "ledger", settings: DEFAULT_SETTINGS } });
  });

  it("refuses a selection that carries settings, and a whole ledger without them", async () => {
    const selection = await exportLedger(NOW, []);
    expect(parseBackup(JSON.stringify({ ...selection, settings: SETTINGS }))).toEqual({
      ok: false,
      error: "This file holds a selection of orders but also settings, which a selection never carries, so it was changed by hand. Nothing was imported.",
    });
    const ledger = await exportLedger(NOW);
    expect(parseBackup(JSON.stringify({ ...ledger, settings: null }))).toMatchObject({ ok: false, error: expect.stringContaining("The settings in this backup are damaged") });
  });
});

describe("importing while TradeWatch waits for a shop", () => {
  /** Two open orders at a shop that announced every command, GL-2001 and GL-2002. */
  const [first, second] = ["GL-2001", "GL-2002"].map((tradingId) =>
    aTrade({ info: { tradingId, commands: shopCommands() }, shop: { status: "processing" }, payment: { status: "authorized" } }),
  ) as [Trade, Trade];

  function aCommand(trade: Trade, state: CommandRecord["state"]): CommandRecord {
    const request = { tradewatch: 1, tradingId: trade.info.tradingId, idempotencyKey: `key-${trade.id}`, command: "confirm", personalInfo: null } as const;
    return { ...newCommand({ key: `key-${trade.id}`, tradeId: trade.id, url: shopCommands().url, request, now: NOW }), state };
  }

  function aCollective(phase: CollectiveRecord["phase"]): CollectiveRecord {
    const record = newCollective({ id: "collective-1", intent: "complete", trades: [first, second], keyFor: (id, purpose) => `${purpose}-${id}`, now: NOW });
    if ("error" in record) throw new Error(record.error);
    return { ...record, phase };
  }

  async function storeWork(commands: CommandRecord[], collectives: CollectiveRecord[]): Promise<void> {
    await writeLedger(async (tx) => {
      await Promise.all([...commands.map((c) => tx.objectStore("commands").put(c)), ...collectives.map((c) => tx.objectStore("collectives").put(c))]);
    });
  }

  async function storedWork(): Promise<{ commands: CommandRecord[]; collectives: CollectiveRecord[] }> {
    return writeLedger(async (tx) => ({ commands: await tx.objectStore("commands").getAll(), collectives: await tx.objectStore("collectives").getAll() }));
  }

  it.each([
    ["a command is pending", [aCommand(first, "pending")], [], "1 order (GL-2001)"],
    ["an all-or-nothing transaction is not done", [], [aCollective("finishing")], "2 orders (GL-2001, GL-2002)"],
  ])("refuses to replace the ledger while %s, changing nothing", async (_case, commands, collectives, orders) => {
    const [other] = ledgerOf(1) as [Trade];
    await storeTrades([other]);
    await saveSettings(SETTINGS);
    const backup = parsedOk(backupToText(await exportLedger(NOW)));
    await storeTrades([first, second]);
    await saveSettings(DEFAULT_SETTINGS);
    await storeWork(commands, collectives);
    const before = await listTrades();

    await expect(importLedger(backup, LATER)).rejects.toThrow(
      `Nothing was imported: TradeWatch is still waiting for a shop to answer about ${orders}. Import again once they are finished.`,
    );
    expect(await listTrades()).toEqual(before);
    expect(await storedWork()).toEqual({ commands, collectives });
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it("replaces the ledger, and the finished work with it, once nothing is waiting", async () => {
    const backup = parsedOk(backupToText(await exportLedger(NOW)));
    await storeTrades([first, second]);
    await storeWork([aCommand(first, "done"), aCommand(second, "failed")], [aCollective("done")]);
    await importLedger(backup, LATER);
    expect(await listTrades()).toEqual([]);
    expect(await storedWork()).toEqual({ commands: [], collectives: [] });
  });

  it("adds a selection while other orders wait, but not over an order that waits", async () => {
    await storeTrades([first, second]);
    const selection = parsedOk(backupToText(await exportLedger(NOW, [first.id])));
    const [other] = ledgerOf(1) as [Trade];
    await importLedger({ ...selection, trades: [other] }, LATER);
    await storeWork([aCommand(first, "pending")], []);
    await importLedger({ ...selection, trades: [other, second] }, LATER);
    await expect(importLedger(selection, LATER)).rejects.toThrow(
      "Nothing was imported: TradeWatch is still waiting for a shop to answer about 1 order (GL-2001). Import again once they are finished.",
    );
    expect(await listTrades()).toEqual(byKey([first, second, other]));
  });

  it("imports an order that was waiting for the shop when the backup was made released, so that it is watched again", async () => {
    const waiting = beginFinalising(first, "complete", "user", { commandKey: "key-1", collectiveId: null }, NOW);
    if ("error" in waiting) throw new Error(waiting.error);
    expect(waiting.lifecycle.state).toBe("finalising");
    await storeTrades([waiting, second]);
    const parsed = parseBackup(backupToText(await exportLedger(NOW)));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.preview.waiting).toBe(1);
    wipe();

    await importLedger(parsed.backup, LATER);
    const imported = await getTrade(waiting.id);
    expect(imported?.lifecycle).toMatchObject({ state: "open", since: LATER, pending: null });
    expect(imported?.lifecycle.transitions.at(-1)).toMatchObject({ at: LATER, from: "finalising", to: "open", cause: "retries-exhausted" });
    expect(imported?.history.at(-1)?.text).toContain(
      "Imported from a backup while TradeWatch was waiting for the shop; check this order with the shop",
    );
    expect(imported?.nextCheckAt).toBeDefined();
    expect(await getTrade(second.id)).toEqual(second);
  });

  it("refuses a waiting order whose statuses already settled it: TradeWatch never stores one", async () => {
    const waiting = beginFinalising(first, "complete", "user", { commandKey: "key-1", collectiveId: null }, NOW);
    if ("error" in waiting) throw new Error(waiting.error);
    const settled = { ...waiting, processing: { ...waiting.processing, payment: { ...waiting.processing.payment, status: "failed" as const } } };
    await storeTrades([second, settled]);
    expect(parseBackup(backupToText(await exportLedger(NOW)))).toEqual({
      ok: false,
      error:
        "Order 1 (GL-2001) in this backup waits for the shop's final word while its state and statuses say otherwise, so it was changed by hand. Nothing was imported.",
    });
  });
});

describe("importing endpoints", () => {
  const manifest = (hostPermissions: string[]) =>
    vi.spyOn(fakeBrowser.runtime, "getManifest").mockReturnValue({ manifest_version: 3, name: "TradeWatch", version: "1", host_permissions: hostPermissions });
  /** The build users install: it reads no site the user did not grant. */
  const plainBuild = () => manifest([]);
  /** The demo/test build (TRADEWATCH_LOOPBACK=1): it reads this computer's loopback hosts from install. */
  const loopbackBuild = () => manifest(["http://127.0.0.1/*", "http://localhost/*"]);
  beforeEach(plainBuild);

  /**
   * A backup of one order GL-1001 placed on `pageUrl` at the shop `origin` (the page's own, as
   * capture stores it, unless given), its payment service asked at `payment`, its commands sent to `commands`.
   */
  function backupWith(pageUrl: string, payment: string, commands: string | null = null, origin = new URL(pageUrl).origin): string {
    const [trade] = ledgerOf(1) as [Trade];
    const info = {
      ...trade.info,
      tradingId: "GL-1001",
      pageUrl,
      shop: { ...trade.info.shop, origin },
      endpoints: { shop: null, payment, delivery: null },
      commands: commands === null ? null : { url: commands, supports: ["confirm" as const] },
    };
    const backup: LedgerBackup = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      exportedAt: NOW,
      dbVersion: DB_VERSION,
      scope: "ledger",
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

  it("accepts the endpoints capture accepts: public ones, and local ones of a loopback shop the build reads itself", () => {
    loopbackBuild();
    expect(parseBackup(backupWith("https://tea.example/orders/7", "https://pay.example/status")).ok).toBe(true);
    expect(parseBackup(backupWith("http://127.0.0.1:4101/orders/7", "http://127.0.0.1:4102/status")).ok).toBe(true);
    expect(parseBackup(backupWith("https://tea.example/orders/7", "https://pay.example/status", "https://tea.example/tradewatch/commands")).ok).toBe(true);
    expect(parseBackup(backupWith("http://127.0.0.1:4101/orders/7", "http://127.0.0.1:4102/status", "http://127.0.0.1:4101/commands")).ok).toBe(true);
  });

  it("refuses a command address on the user's network, where a confirmation would send the delivery profile", () => {
    expect(parseBackup(backupWith("https://tea.example/orders/7", "https://pay.example/status", "http://192.168.1.1/commands"))).toEqual({
      ok: false,
      error:
        "Order 1 (GL-1001) in this backup has a command address TradeWatch does not ask (http://192.168.1.1/commands), " +
        "so it was changed by hand. Nothing was imported.",
    });
    expect(parseBackup(backupWith("https://tea.example/orders/7", "https://pay.example/status", "https://user:pw@tea.example/commands")).ok).toBe(false);
  });

  it("judges the endpoints by the shop, never by a page address the file puts on this computer", () => {
    for (const build of [plainBuild, loopbackBuild]) {
      build();
      expect(parseBackup(backupWith("http://127.0.0.1/orders/7", "http://127.0.0.1:8080/status", null, "https://tea.example"))).toEqual({
        ok: false,
        error:
          "Order 1 (GL-1001) in this backup has a payment status address TradeWatch does not ask (http://127.0.0.1:8080/status), " +
          "so it was changed by hand. Nothing was imported.",
      });
      expect(parseBackup(backupWith("http://router/", "https://pay.example/status", "http://192.168.1.1/commands", "https://tea.example")).ok).toBe(false);
    }
  });

  it("refuses local endpoints of a shop on the user's network or computer in a build that does not read it itself", () => {
    expect(parseBackup(backupWith("http://192.168.1.1/orders/7", "http://192.168.1.1/status"))).toEqual({
      ok: false,
      error:
        "Order 1 (GL-1001) in this backup has a payment status address on your own network or this computer (http://192.168.1.1/status). " +
        "TradeWatch asks such an address only for a shop whose site you allowed it on: allow it there, then import again. Nothing was imported.",
    });
    expect(parseBackup(backupWith("http://127.0.0.1:4101/orders/7", "https://pay.example/status", "http://127.0.0.1:4101/commands")).ok).toBe(false);
    loopbackBuild();
    expect(parseBackup(backupWith("http://192.168.1.1/orders/7", "http://192.168.1.1/status")).ok).toBe(false);
    // A shop on this computer with public endpoints asks nothing local: any build may hold it.
    plainBuild();
    expect(parseBackup(backupWith("http://127.0.0.1:4101/orders/7", "https://pay.example/status")).ok).toBe(true);
  });

  it("accepts local endpoints of a shop on the user's network whose site the user allowed, as a capture there would", () => {
    const allowed = (origin: string) => origin === "http://192.168.1.1";
    expect(parseBackup(backupWith("http://192.168.1.1/orders/7", "http://192.168.1.1/status", "http://192.168.1.1/commands"), allowed).ok).toBe(true);
    // Another shop on the network is still refused, and so is a public shop's local endpoint.
    expect(parseBackup(backupWith("http://192.168.1.2/orders/7", "http://192.168.1.2/status"), allowed).ok).toBe(false);
    expect(parseBackup(backupWith("https://tea.example/orders/7", "http://192.168.1.1/status"), allowed).ok).toBe(false);
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
