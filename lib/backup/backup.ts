import * as z from "zod";
import { acceptEndpoint, isLocalHost } from "../capture/endpoint-policy";
import { firstProblem, tradeRecordSchema, tradeRecordV1Schema } from "../db/record-schema";
import { DB_VERSION } from "../db/schema";
import { clearTrades, listTrades, putTrade, StorageFullError, writeLedger, type LedgerTx } from "../db/trades";
import { loadTradesByIds } from "../db/history-query";
import { applyCommandOutcome, lifecycleTarget, type CommandOutcome } from "../domain/lifecycle";
import { upgradeTradeToV2 } from "../domain/upgrade";
import { SOURCES } from "../domain/types";
import type { Trade } from "../domain/types";
import type { MessageKey } from "../i18n/catalog";
import { t, tn } from "../i18n/t";
import { uiLanguage } from "../i18n/ui-language";
import { settingsSchema, upgradeSettings, type Settings } from "../settings/schema";
import { loadSettings, saveSettings } from "../settings/store";
import { heldByBuild } from "../site-access";

/**
 * Backups as one JSON file: of the whole ledger with the settings, or of a selection of trades
 * (the history view's export). A backup is untrusted on import (it may be damaged, edited or
 * from another version): it is validated record by record, and only then replaces the ledger
 * (or, for a selection, adds its trades to it), in one transaction.
 */

export const BACKUP_FORMAT = "tradewatch-backup";
export const BACKUP_VERSION = 1;
/**
 * Far above any real ledger (10,000 trades are about 20 MB); keeps a wrong file from eating
 * memory. Checked on the file's bytes before reading and on the text's length after (never more).
 */
export const MAX_BACKUP_SIZE = 200_000_000;

/** Why a file over MAX_BACKUP_SIZE is refused. */
export function tooLarge(): string {
  return t("backup_tooLarge");
}

/**
 * "ledger": the whole ledger and the settings, which an import replaces. "selection": some
 * trades without settings, which an import adds (a file without a scope predates selections,
 * so it is a whole ledger).
 */
export const BACKUP_SCOPES = ["ledger", "selection"] as const;
export type BackupScope = (typeof BACKUP_SCOPES)[number];

interface BackupEnvelope {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  exportedAt: string;
  /** The IndexedDB schema version the trades are written in. */
  dbVersion: number;
  trades: Trade[];
}

export type LedgerBackup = BackupEnvelope & ({ scope: "ledger"; settings: Settings } | { scope: "selection"; settings: null });

export interface BackupPreview {
  trades: number;
  /** Trades that were waiting for a shop's final word when the backup was made: they are imported released. */
  waiting: number;
  /** Distinct shop origins. */
  shops: number;
  /** The earliest and latest order dates, null for an empty ledger. */
  from: string | null;
  to: string | null;
}

export type ParsedBackup = { ok: true; backup: LedgerBackup; preview: BackupPreview } | { ok: false; error: string };

/** The whole ledger with the settings, or only the trades named (the history view's selection) without them. */
export async function exportLedger(now: string = new Date().toISOString(), tradeIds?: string[]): Promise<LedgerBackup> {
  const envelope = { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: now, dbVersion: DB_VERSION } as const;
  if (tradeIds) return { ...envelope, scope: "selection", trades: await loadTradesByIds(tradeIds), settings: null };
  const [trades, settings] = await Promise.all([listTrades(), loadSettings()]);
  return { ...envelope, scope: "ledger", trades, settings };
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
  scope: z.enum(BACKUP_SCOPES).default("ledger"),
  exportedAt: z.iso.datetime({ offset: true }),
  dbVersion: z.int().min(1).max(DB_VERSION),
  trades: z.array(z.unknown()),
  settings: z.unknown(),
});

/**
 * Reads a backup file's text. Never throws: anything wrong becomes a message for the user.
 * `readsSite`: whether TradeWatch reads a shop's site (sitesRead), which vouches for its local endpoints.
 */
export function parseBackup(text: string, readsSite: (origin: string) => boolean = heldByBuild): ParsedBackup {
  if (text.length > MAX_BACKUP_SIZE) return fail(tooLarge());
  let json: unknown;
  try {
    // Editors that open and save the file may add a byte-order mark; it is not part of the data.
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return fail(t(text.includes(`"${BACKUP_FORMAT}"`) ? "backup_cutOff" : "backup_notBackup"));
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success || envelope.data.format !== BACKUP_FORMAT) return fail(t("backup_notBackup"));
  const { version, dbVersion } = envelope.data;
  if (isNewer(version, BACKUP_VERSION)) return fail(t("backup_newerFormat", String(version)));
  if (version !== BACKUP_VERSION) return fail(t("backup_unknownFormat", version === undefined ? t("backup_none") : shown(version)));
  if (isNewer(dbVersion, DB_VERSION)) return fail(t("backup_newerDb", String(dbVersion)));
  const parsed = backupSchema.safeParse(json);
  if (!parsed.success) return fail(t("backup_damaged", firstProblem(parsed.error)));

  const trades: Trade[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of parsed.data.trades.entries()) {
    // A backup of an older version goes through the same upgrade as the database.
    const trade = parsed.data.dbVersion === 1 ? upgradedV1(raw, parsed.data.exportedAt) : tradeRecordSchema.safeParse(raw);
    const order = orderName(index, raw);
    if (!trade.success) return fail(t("backup_orderDamaged", order, firstProblem(trade.error)));
    const refused = refusedEndpoint(trade.data, readsSite);
    if (refused !== null) return fail(t(refused.why, order, t(refused.what), shown(refused.endpoint)));
    if (!releasable(trade.data)) return fail(t("backup_orderWaiting", order));
    if (seen.has(trade.data.id)) return fail(t("backup_orderTwice", order));
    seen.add(trade.data.id);
    trades.push(trade.data);
  }
  const read: BackupEnvelope = { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: parsed.data.exportedAt, dbVersion: DB_VERSION, trades };
  if (parsed.data.scope === "selection") {
    if (parsed.data.settings !== null) return fail(t("backup_selectionWithSettings"));
    return { ok: true, backup: { ...read, scope: "selection", settings: null }, preview: previewOf(trades) };
  }
  const settings = settingsSchema.safeParse(upgradeSettings(parsed.data.settings));
  if (!settings.success) return fail(t("backup_settingsDamaged", firstProblem(settings.error)));
  return { ok: true, backup: { ...read, scope: "ledger", settings: settings.data }, preview: previewOf(trades) };
}

function upgradedV1(raw: unknown, exportedAt: string) {
  const v1 = tradeRecordV1Schema.safeParse(raw);
  return v1.success ? tradeRecordSchema.safeParse(upgradeTradeToV2(v1.data, exportedAt)) : v1;
}

function fail(error: string): ParsedBackup {
  return { ok: false, error };
}

/**
 * The first endpoint the order may not have, and why: one capture would have refused on its
 * shop's pages, or one on the user's own network or computer where TradeWatch does not read the
 * shop's site (`readsSite`: the build holds it, or the user allowed it, as for a capture there).
 * Importing it would have the background ask it, or send the command endpoint the user's delivery
 * profile on a confirmation. Judged against the shop's origin, the key of the trade: the file's
 * `pageUrl` is tied to nothing, and a local one would let any local endpoint through.
 */
function refusedEndpoint({ info }: Trade, readsSite: (origin: string) => boolean): { why: MessageKey; what: MessageKey; endpoint: string } | null {
  const named: [MessageKey, string | null][] = [
    ...SOURCES.map((source): [MessageKey, string | null] => [`backup_endpoint_${source}`, info.endpoints[source]]),
    ["backup_endpoint_commands", info.commands?.url ?? null],
  ];
  for (const [what, endpoint] of named) {
    if (endpoint === null) continue;
    const accepted = acceptEndpoint(endpoint, info.shop.origin);
    if (accepted === null) return { why: "backup_orderEndpoint", what, endpoint };
    // A local shop is vouched for by the build or the user (its site allowed), never by the file alone.
    if (isLocalHost(new URL(accepted).hostname) && !readsSite(info.shop.origin)) return { why: "backup_orderLocalEndpoint", what, endpoint };
  }
  return null;
}

/**
 * A trade waiting for the shop's final word is finalising, and its statuses have not settled it
 * yet (TradeWatch ends the wait when they do): only such a wait can be released on import.
 */
function releasable(trade: Trade): boolean {
  return trade.lifecycle.pending === null || (trade.lifecycle.state === "finalising" && lifecycleTarget(trade) === "finalising");
}

/** "Order 3", or "Order 3 (GL-1001)" when the broken record still names its order, for the user to find it. */
function orderName(index: number, raw: unknown): string {
  const info = typeof raw === "object" && raw !== null && "info" in raw ? raw.info : undefined;
  const id = typeof info === "object" && info !== null && "tradingId" in info ? info.tradingId : undefined;
  return typeof id === "string" && id.trim() !== "" ? t("backup_orderNamed", index + 1, shown(id)) : t("backup_order", index + 1);
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
  return {
    trades: trades.length,
    waiting: trades.filter((trade) => trade.lifecycle.pending !== null).length,
    shops: new Set(trades.map((trade) => trade.info.shop.origin)).size,
    from,
    to,
  };
}

/**
 * A whole ledger replaces the ledger, a selection adds its trades to it (replacing those with
 * the same id), in one transaction: all or nothing, so a full disk leaves the old ledger as it
 * was. Then a whole ledger's settings replace the settings. Refused, with nothing changed,
 * while TradeWatch still waits on a shop about a trade the import would replace.
 */
export async function importLedger(backup: LedgerBackup, now: string = new Date().toISOString()): Promise<void> {
  const trades = backup.trades.map((trade) => released(trade, now));
  try {
    await (backup.scope === "ledger" ? replaceTrades(trades, now) : mergeTrades(trades, now));
  } catch (error) {
    // A full disk already says that nothing was lost; anything else aborted the transaction too.
    if (error instanceof StorageFullError) throw error;
    throw new Error(t("backup_nothingImported", messageOf(error)), { cause: error });
  }
  if (backup.scope === "selection") return;
  try {
    await saveSettings(backup.settings);
  } catch (error) {
    throw new Error(t("backup_settingsNotRestored", messageOf(error)), { cause: error });
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The command or collective transaction a waiting trade waited on is not in the backup: nothing would ever end the wait. */
function released(trade: Trade, now: string): Trade {
  if (trade.lifecycle.pending === null) return trade;
  const lang = uiLanguage();
  const outcome: CommandOutcome = { kind: "gave-up", message: lang.t("backup_released") };
  return applyCommandOutcome(trade, outcome, now, lang);
}

/**
 * The backup's trades replace the ledger with their history rows. The commands and collective
 * transactions kept belonged to the replaced trades and go with them (none is in flight: that
 * is refused first); the change feed stays (an imported trade is not news).
 */
function replaceTrades(trades: Trade[], now: string): Promise<void> {
  return writeLedger(async (tx) => {
    await refuseWhileWaiting(tx, null);
    await Promise.all([clearTrades(tx), tx.objectStore("commands").clear(), tx.objectStore("collectives").clear()]);
    await Promise.all(trades.map((trade) => putTrade(tx, trade, null, now)));
  });
}

/** The selection's trades are written over those with the same id; the rest of the ledger stays. */
function mergeTrades(trades: Trade[], now: string): Promise<void> {
  return writeLedger(async (tx) => {
    await refuseWhileWaiting(tx, new Set(trades.map((trade) => trade.id)));
    const store = tx.objectStore("trades");
    await Promise.all(trades.map(async (trade) => putTrade(tx, trade, (await store.get(trade.id)) ?? null, now)));
  });
}

/**
 * Throws while a shop has yet to answer TradeWatch about a trade (a command pending, an
 * all-or-nothing transaction not done) among `replaced` (null: every trade): replacing it would
 * lose the wait, and the shop's answer would find another trade or none.
 */
async function refuseWhileWaiting(tx: LedgerTx, replaced: ReadonlySet<string> | null): Promise<void> {
  const [commands, collectives] = await Promise.all([tx.objectStore("commands").getAll(), tx.objectStore("collectives").getAll()]);
  const waiting = new Set([
    ...commands.filter((command) => command.state === "pending").map((command) => command.tradeId),
    ...collectives.filter((collective) => collective.phase !== "done").flatMap((collective) => collective.participants.map((each) => each.tradeId)),
  ]);
  const ids = [...waiting].filter((id) => replaced === null || replaced.has(id));
  if (ids.length === 0) return;
  const stored = await Promise.all(ids.map((id) => tx.objectStore("trades").get(id)));
  const names = ids.map((id, index) => stored[index]?.info.tradingId ?? id);
  throw new Error(tn("backup_stillWaiting", ids.length, names.join(", ")));
}
