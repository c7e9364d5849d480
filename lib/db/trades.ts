import { mergeCaptured, newTrade, tradeKey } from "../domain/trade";
import type { CapturedOrder, Trade } from "../domain/types";
import { openTradeDb } from "./schema";

export interface SaveCapturedResult {
  trade: Trade;
  created: boolean;
}

/**
 * Stores a captured order, or merges it into the trade already stored for it, in one
 * transaction: two tabs capturing the same order at once still give one trade.
 */
export async function saveCaptured(captured: CapturedOrder, now: string): Promise<SaveCapturedResult> {
  const db = await openTradeDb();
  const tx = db.transaction("trades", "readwrite");
  const id = tradeKey(captured.info.shop.origin, captured.info.tradingId);
  const existing = await tx.store.get(id);
  let result: SaveCapturedResult;
  if (existing) {
    const merged = mergeCaptured(existing, captured, now);
    if (merged !== existing) await tx.store.put(merged);
    result = { trade: merged, created: false };
  } else {
    const trade = newTrade(captured, now);
    await tx.store.add(trade);
    result = { trade, created: true };
  }
  await tx.done;
  return result;
}

/**
 * Applies a pure change to one stored trade inside a single transaction (no foreign await
 * in between, so the change is computed on what is stored right now). Returns the stored
 * result, or null when the trade no longer exists.
 */
export async function updateTrade(id: string, change: (trade: Trade) => Trade): Promise<Trade | null> {
  const db = await openTradeDb();
  const tx = db.transaction("trades", "readwrite");
  const current = await tx.store.get(id);
  if (!current) {
    await tx.done;
    return null;
  }
  const next = change(current);
  if (next !== current) await tx.store.put(next);
  await tx.done;
  return next;
}

export async function listTrades(): Promise<Trade[]> {
  const db = await openTradeDb();
  return db.getAll("trades");
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
