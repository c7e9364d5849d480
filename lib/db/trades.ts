import type { IDBPObjectStore } from "idb";
import { mergeCaptured, newTrade, tradeKey } from "../domain/trade";
import type { CapturedOrder, Trade } from "../domain/types";
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

type TradeStore = IDBPObjectStore<TradeWatchDB, ["trades"], "trades", "readwrite">;

/**
 * Runs `work` in one readwrite transaction and resolves once it has committed. Any failure
 * aborts the transaction (nothing of it is written) and is rethrown, a full quota as
 * StorageFullError. tx.done is always listened to, so an abort never goes unhandled.
 */
export async function writeTrades<T>(work: (store: TradeStore) => Promise<T>): Promise<T> {
  const db = await openTradeDb();
  const tx = db.transaction("trades", "readwrite");
  try {
    const [result] = await Promise.all([
      work(tx.store).catch((error: unknown) => {
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
 * Stores a captured order, or merges it into the trade already stored for it, in one
 * transaction: two tabs capturing the same order at once still give one trade.
 */
export function saveCaptured(captured: CapturedOrder, now: string): Promise<SaveCapturedResult> {
  return writeTrades(async (store) => {
    const id = tradeKey(captured.info.shop.origin, captured.info.tradingId);
    const existing = await store.get(id);
    if (existing) {
      const merged = mergeCaptured(existing, captured, now);
      if (merged !== existing) await store.put(merged);
      return { trade: merged, created: false };
    }
    const trade = newTrade(captured, now);
    await store.add(trade);
    return { trade, created: true };
  });
}

/**
 * Applies a pure change to one stored trade inside a single transaction (no foreign await
 * in between, so the change is computed on what is stored right now). Returns the stored
 * result, or null when the trade no longer exists.
 */
export function updateTrade(id: string, change: (trade: Trade) => Trade): Promise<Trade | null> {
  return writeTrades(async (store) => {
    const current = await store.get(id);
    if (!current) return null;
    const next = change(current);
    if (next !== current) await store.put(next);
    return next;
  });
}

export async function listTrades(): Promise<Trade[]> {
  const db = await openTradeDb();
  return db.getAll("trades");
}

export async function countTrades(): Promise<number> {
  const db = await openTradeDb();
  return db.count("trades");
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
