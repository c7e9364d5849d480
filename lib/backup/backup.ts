import * as z from "zod";
import { acceptEndpoint } from "../capture/endpoint-policy";
import { firstProblem, tradeRecordSchema, tradeRecordV1Schema } from "../db/record-schema";
import { DB_VERSION } from "../db/schema";
import { listTrades, putTrade, StorageFullError, writeLedger } from "../db/trades";
import { loadTradesByIds } from "../db/history-query";
import { upgradeTradeToV2 } from "../domain/upgrade";
import { SOURCES } from "../domain/types";
import type { Trade } from "../domain/types";
import { settingsSchema, upgradeSettings, type Settings } from "../settings/schema";
import { loadSettings, saveSettings } from "../settings/store";

/**
 * Backups of the whole ledger and the settings as one JSON file. A backup is untrusted on
 * import (it may be damaged, edited or from another version): it is validated record by
 * record, and only then replaces the ledger, in one transaction.
 */

export const BACKUP_FORMAT = "tradewatch-backup";
export const BACKUP_VERSION = 1;
/**
 * Far above any real ledger (10,000 trades are about 20 MB); keeps a wrong file from eating
 * memory. Checked on the file's bytes before reading and on the text's length after (never more).
 */
export const MAX_BACKUP_SIZE = 200_000_000;
export const TOO_LARGE = "This file is too large to be a TradeWatch backup.";

export interface LedgerBackup {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  exportedAt: string;
  /** The IndexedDB schema version the trades are written in. */
  dbVersion: number;
  trades: Trade[];
  settings: Settings;
}

export interface BackupPreview {
  trades: number;
  /** Distinct shop origins. */
  shops: number;
  /** The earliest and latest order dates, null for an empty ledger. */
  from: string | null;
  to: string | null;
}

export type ParsedBackup = { ok: true; backup: LedgerBackup; preview: BackupPreview } | { ok: false; error: string };

/** The whole ledger, or only the trades named (the history view's selection), with the settings. */
export async function exportLedger(now: string = new Date().toISOString(), tradeIds?: string[]): Promise<LedgerBackup> {
  const [trades, settings] = await Promise.all([tradeIds ? loadTradesByIds(tradeIds) : listTrades(), loadSettings()]);
  return { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: now, dbVersion: DB_VERSION, trades, settings };
}

/** The file's text: plain JSON, so a person can read what TradeWatch kept. */
export function backupToText(backup: LedgerBackup): string {
  return JSON.stringify(backup);
}

const envelopeSchema = z.looseObject({ format: z.unknown().optional(), version: z.unknown().optional(), dbVersion: z.unknown().optional() });
const isNewer = (version: unknown, current: number) => Number.isSafeInteger(version) && (version as number) > current;

const backupSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  exportedAt: z.iso.datetime({ offset: true }),
  dbVersion: z.int().min(1).max(DB_VERSION),
  trades: z.array(z.unknown()),
  settings: z.unknown(),
});

/** Reads a backup file's text. Never throws: anything wrong becomes a message for the user. */
export function parseBackup(text: string): ParsedBackup {
  if (text.length > MAX_BACKUP_SIZE) return fail(TOO_LARGE);
  let json: unknown;
  try {
    // Editors that open and save the file may add a byte-order mark; it is not part of the data.
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return fail(
      text.includes(`"${BACKUP_FORMAT}"`)
        ? "This backup is incomplete or damaged (it is not whole JSON): it may have been cut off while copying."
        : "This file is not a TradeWatch backup.",
    );
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success || envelope.data.format !== BACKUP_FORMAT) return fail("This file is not a TradeWatch backup.");
  const { version, dbVersion } = envelope.data;
  if (isNewer(version, BACKUP_VERSION)) {
    return fail(`This backup was made by a newer version of TradeWatch (backup format ${version}). Update TradeWatch to import it.`);
  }
  if (version !== BACKUP_VERSION) return fail(`This backup has an unknown format version (${shown(version ?? "none")}).`);
  if (isNewer(dbVersion, DB_VERSION)) {
    return fail(`This backup was made by a newer version of TradeWatch (database version ${dbVersion}). Update TradeWatch to import it.`);
  }
  const parsed = backupSchema.safeParse(json);
  if (!parsed.success) return fail(`This backup is damaged: ${firstProblem(parsed.error)}.`);

  const trades: Trade[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of parsed.data.trades.entries()) {
    // A backup of an older version goes through the same upgrade as the database.
    const trade = parsed.data.dbVersion === 1 ? upgradedV1(raw, parsed.data.exportedAt) : tradeRecordSchema.safeParse(raw);
    if (!trade.success) {
      return fail(`Order ${index + 1}${orderName(raw)} in this backup is damaged or was changed by hand (${firstProblem(trade.error)}). Nothing was imported.`);
    }
    const refused = refusedEndpoint(trade.data);
    if (refused !== null) {
      return fail(`Order ${index + 1}${orderName(raw)} in this backup has a ${refused.source} status address TradeWatch does not ask (${shown(refused.endpoint)}), so it was changed by hand. Nothing was imported.`);
    }
    if (seen.has(trade.data.id)) return fail(`Order ${index + 1}${orderName(raw)} appears twice in this backup. Nothing was imported.`);
    seen.add(trade.data.id);
    trades.push(trade.data);
  }
  const settings = settingsSchema.safeParse(upgradeSettings(parsed.data.settings));
  if (!settings.success) return fail(`The settings in this backup are damaged (${firstProblem(settings.error)}). Nothing was imported.`);

  const backup: LedgerBackup = { ...parsed.data, format: BACKUP_FORMAT, version: BACKUP_VERSION, dbVersion: DB_VERSION, trades, settings: settings.data };
  return { ok: true, backup, preview: previewOf(trades) };
}

function upgradedV1(raw: unknown, exportedAt: string) {
  const v1 = tradeRecordV1Schema.safeParse(raw);
  return v1.success ? tradeRecordSchema.safeParse(upgradeTradeToV2(v1.data, exportedAt)) : v1;
}

function fail(error: string): ParsedBackup {
  return { ok: false, error };
}

/**
 * The first endpoint capture would have refused for the order's page (one on the user's own
 * network, say): TradeWatch never stores one, and importing it would have the background ask it.
 */
function refusedEndpoint(trade: Trade): { source: string; endpoint: string } | null {
  for (const source of SOURCES) {
    const endpoint = trade.info.endpoints[source];
    if (endpoint !== null && acceptEndpoint(endpoint, trade.info.pageUrl) === null) return { source, endpoint };
  }
  return null;
}

/** " (GL-1001)" when the broken record still names its order, for the user to find it. */
function orderName(raw: unknown): string {
  const info = typeof raw === "object" && raw !== null && "info" in raw ? raw.info : undefined;
  const id = typeof info === "object" && info !== null && "tradingId" in info ? info.tradingId : undefined;
  return typeof id === "string" && id.trim() !== "" ? ` (${shown(id)})` : "";
}

function shown(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function previewOf(trades: Trade[]): BackupPreview {
  let from: string | null = null;
  let to: string | null = null;
  for (const { info } of trades) {
    const at = Date.parse(info.orderDate);
    if (from === null || at < Date.parse(from)) from = info.orderDate;
    if (to === null || at > Date.parse(to)) to = info.orderDate;
  }
  return { trades: trades.length, shops: new Set(trades.map((trade) => trade.info.shop.origin)).size, from, to };
}

/**
 * Replaces the whole ledger with the backup's trades in one transaction (all or nothing:
 * a full disk leaves the old ledger as it was), then the settings.
 */
export async function importLedger(backup: LedgerBackup): Promise<void> {
  try {
    await replaceTrades(backup.trades);
  } catch (error) {
    // A full disk already says that nothing was lost; anything else aborted the transaction too.
    if (error instanceof StorageFullError) throw error;
    throw new Error(`Nothing was imported: ${messageOf(error)}`, { cause: error });
  }
  try {
    await saveSettings(backup.settings);
  } catch (error) {
    throw new Error(`Your orders were restored, but the settings could not be (${messageOf(error)}). Set your limits again in the options.`, { cause: error });
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The backup's trades replace the ledger with their history rows. Commands and collective
 * transactions in flight belonged to the replaced trades and go with them; the change feed
 * stays (an imported trade is not news).
 */
function replaceTrades(trades: Trade[]): Promise<void> {
  const now = new Date().toISOString();
  return writeLedger(async (tx) => {
    await Promise.all([
      tx.objectStore("trades").clear(),
      tx.objectStore("summaries").clear(),
      tx.objectStore("commands").clear(),
      tx.objectStore("collectives").clear(),
    ]);
    const writes: Promise<unknown>[] = [];
    try {
      for (const trade of trades) writes.push(putTrade(tx, trade, null, now));
    } catch (error) {
      // A put that throws at once aborts the transaction, and the writes queued before it fail with it.
      for (const write of writes) write.catch(() => undefined);
      throw error;
    }
    await Promise.all(writes);
  });
}
