import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from "idb";
import { countedOf, NO_TRADES, withChange, type LedgerTotals } from "../domain/ledger-totals";
import { tradeSummary, type SummaryRow } from "../domain/summary";
import { upgradeTradeToV2, type TradeV1 } from "../domain/upgrade";
import type { ChangeBatch, ChangeEntry, CollectiveRecord, CommandRecord, Trade } from "../domain/types";

/**
 * The IndexedDB schema of TradeWatch, built by an append-only cascade of upgrade steps:
 * step n turns a version-n database into version n+1, and DB_VERSION is the number of steps.
 *
 * To add a version: append one step to MIGRATIONS (never edit an earlier one), update
 * TradeWatchDB and lib/db/record-schema.ts, and commit test/fixtures/db/v<n>.json
 * (lib/db/schema.test.ts upgrades every fixture to the current version). A step that throws
 * aborts the whole upgrade: the browser keeps the database at its old version, data intact.
 */
export const DB_NAME = "tradewatch";

export interface TradeWatchDB extends DBSchema {
  trades: {
    key: string;
    value: Trade;
    indexes: {
      "by-trading-id": string;
      "by-shop-origin": string;
      /** Only trades with something scheduled are in this index (nextCheckAt is absent otherwise). */
      "by-next-check": string;
      "by-state": string;
    };
  };
  /**
   * One row per trade for the history view and its search, and for the popup's lists, written in
   * the same transaction as the trade. The popup reads its lists in order through by-delivery
   * ([group, popupRank]) and by-rank (popupRank: newest first, ties by key), the orders recent
   * enough for a spending limit through by-rank, and the trades it always shows through
   * by-attention (lib/db/popup-query.ts). A trade's rank never changes: only its delivery and
   * attention mark move its row in these indexes. "Check now" reads the unfinished trades
   * through by-unfinished (lib/db/trades.ts).
   */
  summaries: {
    key: string;
    value: SummaryRow;
    indexes: {
      "by-state": string;
      "by-delivery": [string, number];
      "by-rank": number;
      "by-attention": number;
      "by-unfinished": number;
    };
  };
  /** The popup's counts over the ledger: one record (TOTALS_KEY), updated in the transaction of every write of a trade. */
  totals: {
    key: string;
    value: TotalsRecord;
  };
  /** The outbox of commands to shops; only pending commands are in by-next-attempt. */
  commands: {
    key: string;
    value: CommandRecord;
    indexes: { "by-next-attempt": string };
  };
  /** All-or-nothing transactions over several trades, with their decision log. */
  collectives: {
    key: string;
    value: CollectiveRecord;
    indexes: { "by-next-step": string };
  };
  /**
   * The change feed behind "since your last visit": one record per transaction that made changes
   * worth telling, appended in that transaction (lib/db/trades.ts writeLedger).
   */
  changes: {
    key: number;
    value: ChangeBatch;
  };
}

export const TOTALS_KEY = "ledger";
export interface TotalsRecord extends LedgerTotals {
  id: typeof TOTALS_KEY;
}

export type TradeDb = IDBPDatabase<TradeWatchDB>;
type UpgradeTransaction = IDBPTransaction<TradeWatchDB, StoreNames<TradeWatchDB>[], "versionchange">;
/** One upgrade step. It may only use `tx` (the upgrade transaction): no other await. */
export type Migration = (db: TradeDb, tx: UpgradeTransaction) => void | Promise<void>;

export const MIGRATIONS: readonly Migration[] = [
  // v0 → v1: the trades store and its indexes.
  (db) => {
    const trades = db.createObjectStore("trades", { keyPath: "id" });
    trades.createIndex("by-trading-id", "info.tradingId");
    trades.createIndex("by-shop-origin", "info.shop.origin");
    trades.createIndex("by-next-check", "nextCheckAt");
  },
  // v1 → v2 (the transaction manager): every trade gains its lifecycle, returns, disclosures and
  // reorder link (derived from what it already knows), a summary row; new stores for the outbox,
  // collective transactions and the change feed.
  async (db, tx) => {
    const trades = tx.objectStore("trades");
    trades.createIndex("by-state", "lifecycle.state");
    const summaries = db.createObjectStore("summaries", { keyPath: "id" });
    summaries.createIndex("by-state", "state");
    db.createObjectStore("commands", { keyPath: "key" }).createIndex("by-next-attempt", "nextAttemptAt");
    db.createObjectStore("collectives", { keyPath: "id" }).createIndex("by-next-step", "nextStepAt");
    db.createObjectStore("changes", { keyPath: "seq", autoIncrement: true });
    const now = new Date().toISOString();
    for (let cursor = await trades.openCursor(); cursor; cursor = await cursor.continue()) {
      const trade = upgradeTradeToV2(cursor.value as unknown as TradeV1, now);
      await cursor.update(trade);
      await tx.objectStore("summaries").put(tradeSummary(trade));
    }
  },
  // v2 → v3 (the popup at scale): the summary rows gain the popup's order, groups and attention
  // mark with indexes over them, and the ledger's counts are stored, so that the popup reads a
  // page of rows and one record instead of every trade.
  async (db, tx) => {
    const summaries = tx.objectStore("summaries");
    summaries.createIndex("by-delivery", ["delivery", "rank"]);
    summaries.createIndex("by-rank", "rank");
    summaries.createIndex("by-attention", "attention");
    db.createObjectStore("totals", { keyPath: "id" });
    let totals = NO_TRADES;
    for (let cursor = await tx.objectStore("trades").openCursor(); cursor; cursor = await cursor.continue()) {
      totals = withChange(totals, null, countedOf(cursor.value));
      await summaries.put(tradeSummary(cursor.value));
    }
    await tx.objectStore("totals").put({ id: TOTALS_KEY, ...totals });
  },
  // v3 → v4 (reconcile throughput): the change feed holds one record per transaction instead of
  // one per change. Each stored change becomes a record of its own under the same seq, so the
  // users' "last seen" cursors keep their meaning.
  async (_db, tx) => {
    const changes = tx.objectStore("changes");
    for (let cursor = await changes.openCursor(); cursor; cursor = await cursor.continue()) {
      const entry = cursor.value as unknown as ChangeEntry;
      await cursor.update({ seq: entry.seq, at: entry.at, entries: [entry] });
    }
  },
  // v4 → v5 ("Check now" at scale): the summary rows gain a mark while their trade is not
  // finished, with an index over it, so that "Check now" reads those trades, not the whole ledger.
  async (_db, tx) => {
    const summaries = tx.objectStore("summaries");
    summaries.createIndex("by-unfinished", "unfinished");
    for (let cursor = await tx.objectStore("trades").openCursor(); cursor; cursor = await cursor.continue()) {
      await summaries.put(tradeSummary(cursor.value));
    }
  },
];

export const DB_VERSION = MIGRATIONS.length;

/** The ledger could not be opened; the message says why and that nothing was deleted. */
export class TradeDbError extends Error {
  override name = "TradeDbError";
}

let connection: Promise<TradeDb> | null = null;

export function openTradeDb(): Promise<TradeDb> {
  connection ??= openLedgerDb(MIGRATIONS).catch((error: unknown) => {
    connection = null;
    throw error;
  });
  return connection;
}

/**
 * Opens the ledger at version `migrations.length`, running the steps it has not run yet.
 * Exported so tests can open an older version or simulate a failing step; the product
 * goes through openTradeDb.
 */
export async function openLedgerDb(migrations: readonly Migration[]): Promise<TradeDb> {
  const version = migrations.length;
  let from = 0;
  let failure: unknown;
  try {
    return await openDB<TradeWatchDB>(DB_NAME, version, {
      upgrade(db, oldVersion, _newVersion, tx) {
        from = oldVersion;
        // openDB reports an aborted upgrade; this only keeps the transaction's own promise from going unheard.
        tx.done.catch(() => undefined);
        const run = async () => {
          for (const step of migrations.slice(oldVersion)) await step(db, tx);
        };
        run().catch((error: unknown) => {
          failure = error;
          try {
            tx.abort();
          } catch {
            // Already finished: a step awaited something other than `tx`, and the browser committed early.
          }
        });
      },
      blocking(_current, _wanted, event) {
        // A newer version wants to upgrade (another TradeWatch page or worker): let it, and reopen on next use.
        (event.target as IDBDatabase).close();
        connection = null;
      },
    });
  } catch (error) {
    throw readableOpenError(failure ?? error, from, version);
  }
}

function readableOpenError(error: unknown, from: number, to: number): TradeDbError {
  const name = error instanceof Error ? error.name : "";
  const detail = error instanceof Error ? error.message : String(error);
  if (name === "VersionError") {
    return new TradeDbError(
      `Your orders were saved by a newer version of TradeWatch, which this version (${to}) cannot read. ` +
        "Nothing was deleted: update TradeWatch to see them again.",
      { cause: error },
    );
  }
  if (from > 0 && from < to) {
    return new TradeDbError(
      `TradeWatch could not upgrade your saved orders from version ${from} to ${to} (${detail}). ` +
        "Nothing was deleted: they stay as they were, and the upgrade is tried again next time.",
      { cause: error },
    );
  }
  return new TradeDbError(`TradeWatch could not open its storage (${detail}). Nothing was deleted.`, { cause: error });
}

/** Tests give each case a fresh IDBFactory; this drops the cached connection to the old one. */
export function forgetTradeDbConnection(): void {
  connection = null;
}
