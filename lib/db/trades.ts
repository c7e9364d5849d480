import type { IDBPTransaction } from "idb";
import { changesBetween } from "../domain/since";
import { tradeSummary } from "../domain/summary";
import { mergeCaptured, newTrade, tradeKey } from "../domain/trade";
import type { CapturedOrder, Trade, TradeState } from "../domain/types";
import { openTradeDb, type TradeWatchDB } from "./schema";

export interface SaveCapturedResult {
  trade: Trade;
  created: boolean;
}

/** The browser refused a write for lack of space. The transaction was aborted, so what was stored is intact. */
export class StorageFullError extends Error {
  override name = "StorageFullError";
  constructor(options?: ErrorOptions) {
    super("Your browser's storage for TradeWatch is full. Nothing already saved was lost, but this change could not be saved.", options);
  }
}

/** Every store a change to the ledger may touch, so that a trade and what follows from it commit together. */
const LEDGER_STORES = ["trades", "summaries", "changes", "commands", "collectives"] as const;
export type LedgerTx = IDBPTransaction<TradeWatchDB, ["trades", "summaries", "changes", "commands", "collectives"], "readwrite">;

/**
 * Runs `work` in one readwrite transaction over the ledger and resolves once it has committed.
 * Any failure aborts the transaction (nothing of it is written) and is rethrown, a full quota
 * as StorageFullError. tx.done is always listened to, so an abort never goes unhandled.
 */
export async function writeLedger<T>(work: (tx: LedgerTx) => Promise<T>): Promise<T> {
  const db = await openTradeDb();
  const tx = db.transaction([...LEDGER_STORES], "readwrite");
  try {
    const [result] = await Promise.all([
      work(tx).catch((error: unknown) => {
        abortQuietly(tx);
        throw error;
      }),
      tx.done,
    ]);
    return result;
  } catch (error) {
    throw isQuotaError(error) || isQuotaError(transactionError(tx)) ? new StorageFullError({ cause: error }) : error;
  }
}

function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already committed or aborted: there is nothing left to undo.
  }
}

/** Why the browser aborted the transaction (a quota failure at commit shows only here). */
function transactionError(tx: { error: DOMException | null }): unknown {
  try {
    return tx.error;
  } catch {
    return null; // Older engines throw while the transaction is still running.
  }
}

/** Browsers name it QuotaExceededError; old Firefox used NS_ERROR_DOM_QUOTA_REACHED. */
function isQuotaError(error: unknown): boolean {
  return error instanceof Error && (error.name === "QuotaExceededError" || error.name === "NS_ERROR_DOM_QUOTA_REACHED");
}

/**
 * Writes a trade with what is derived from it, in the caller's transaction: its history row
 * and the "since your last visit" entries for what changed since `before` (null for a new trade).
 */
export async function putTrade(tx: LedgerTx, trade: Trade, before: Trade | null, now: string): Promise<void> {
  await tx.objectStore("trades").put(trade);
  await tx.objectStore("summaries").put(tradeSummary(trade));
  for (const entry of changesBetween(before, trade, now)) await tx.objectStore("changes").add(entry);
}

/**
 * Stores a captured order, or merges it into the trade already stored for it, in one
 * transaction: two tabs capturing the same order at once still give one trade. A reorder
 * placed through TradeWatch passes the trade it reorders.
 */
export function saveCaptured(captured: CapturedOrder, now: string, reorderOf: string | null = null): Promise<SaveCapturedResult> {
  return writeLedger(async (tx) => {
    const id = tradeKey(captured.info.shop.origin, captured.info.tradingId);
    const existing = await tx.objectStore("trades").get(id);
    if (existing) {
      const merged = mergeCaptured(existing, captured, now);
      if (merged !== existing) await putTrade(tx, merged, existing, now);
      return { trade: merged, created: false };
    }
    const trade = newTrade(captured, now, reorderOf);
    await putTrade(tx, trade, null, now);
    return { trade, created: true };
  });
}

/**
 * Applies a pure change to one stored trade inside a single transaction (no foreign await
 * in between, so the change is computed on what is stored right now). Returns the stored
 * result, or null when the trade no longer exists.
 */
export function updateTrade(id: string, change: (trade: Trade) => Trade, now: string = new Date().toISOString()): Promise<Trade | null> {
  return writeLedger(async (tx) => {
    const current = await tx.objectStore("trades").get(id);
    if (!current) return null;
    const next = change(current);
    if (next !== current) await putTrade(tx, next, current, now);
    return next;
  });
}

export async function getTrade(id: string): Promise<Trade | undefined> {
  const db = await openTradeDb();
  return db.get("trades", id);
}

export async function listTrades(): Promise<Trade[]> {
  const db = await openTradeDb();
  return db.getAll("trades");
}

export async function countTrades(): Promise<number> {
  const db = await openTradeDb();
  return db.count("trades");
}

/** Trades in one lifecycle state (few are finalising; the open ones are the ones still waited for). */
export async function tradesInState(state: TradeState): Promise<Trade[]> {
  const db = await openTradeDb();
  return db.getAllFromIndex("trades", "by-state", state);
}

export async function tradesAtOrigin(origin: string): Promise<Trade[]> {
  const db = await openTradeDb();
  return db.getAllFromIndex("trades", "by-shop-origin", origin);
}

/** Trades with at least one source due at `now` (ISO strings sort chronologically). */
export async function dueTrades(now: string): Promise<Trade[]> {
  const db = await openTradeDb();
  return db.getAllFromIndex("trades", "by-next-check", IDBKeyRange.upperBound(now));
}

/** The earliest scheduled check over all trades, for the single poll alarm. */
export async function earliestNextCheck(): Promise<string | null> {
  const db = await openTradeDb();
  const cursor = await db.transaction("trades").store.index("by-next-check").openKeyCursor();
  return cursor ? cursor.key : null;
}
