import { uiLanguage } from "../i18n/ui-language";
import { unwrap, type IDBPTransaction } from "idb";
import { countedOf, NO_TRADES, withChange, type LedgerTotals } from "../domain/ledger-totals";
import { changesBetween } from "../domain/since";
import { sameSummary, tradeSummary } from "../domain/summary";
import { mergeCaptured, newTrade } from "../domain/trade";
import { tradeKey } from "../domain/trade-key";
import type { CapturedOrder, ChangeEntry, Trade, TradeState } from "../domain/types";
import { openTradeDb, TOTALS_KEY, type TradeWatchDB } from "./schema";
import { storedTrades } from "./stored-trades";

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
const LEDGER_STORES = ["trades", "summaries", "totals", "changes", "commands", "collectives"] as const;
export type LedgerTx = IDBPTransaction<TradeWatchDB, ["trades", "summaries", "totals", "changes", "commands", "collectives"], "readwrite">;

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
      work(tx)
        .then(async (result) => {
          await Promise.all([writeTotals(tx), writeFeed(tx)]);
          return result;
        })
        .catch((error: unknown) => {
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
 * The ledger's totals as this transaction has them: read once, then changed in memory by every
 * putTrade of the transaction (concurrent ones too: each change is made synchronously) and
 * written once by writeLedger when the work is done.
 */
interface TotalsInTx {
  totals: LedgerTotals;
  changed: boolean;
}
const totalsByTx = new WeakMap<LedgerTx, Promise<TotalsInTx>>();

function totalsIn(tx: LedgerTx): Promise<TotalsInTx> {
  let entry = totalsByTx.get(tx);
  if (entry === undefined) {
    entry = tx
      .objectStore("totals")
      .get(TOTALS_KEY)
      .then((stored) => ({ totals: stored === undefined ? NO_TRADES : { filters: stored.filters, states: stored.states }, changed: false }));
    totalsByTx.set(tx, entry);
  }
  return entry;
}

async function writeTotals(tx: LedgerTx): Promise<void> {
  const entry = totalsByTx.get(tx);
  if (entry === undefined) return;
  const { totals, changed } = await entry;
  if (changed) await tx.objectStore("totals").put({ id: TOTALS_KEY, ...totals });
}

/**
 * The changes worth telling that this transaction's putTrade calls found, in order, written by
 * writeLedger as one record; and the key of the feed's newest record, asked for with the first
 * change so that the answer is there when the record is written.
 */
interface FeedInTx {
  entries: ChangeEntry[];
  newest: Promise<number | null>;
}
const feedByTx = new WeakMap<LedgerTx, FeedInTx>();

function recordChanges(tx: LedgerTx, entries: readonly ChangeEntry[]): void {
  const feed = feedByTx.get(tx);
  if (feed !== undefined) feed.entries.push(...entries);
  else {
    const newest = tx.objectStore("changes").openKeyCursor(null, "prev").then((cursor) => cursor?.key ?? null);
    // Read only once the work succeeded: when it fails, writeLedger reports why, and this fails unread.
    newest.catch(() => undefined);
    feedByTx.set(tx, { entries: [...entries], newest });
  }
}

/**
 * Appends the transaction's changes to the feed as one record, numbered on from the newest record
 * (whose key is the seq of its last entry). With the feed empty (all of it pruned), the store's key
 * generator, which never goes back, gives the first number through a placeholder record, so that
 * a change is never numbered at or below a cursor kept from before.
 */
async function writeFeed(tx: LedgerTx): Promise<void> {
  const feed = feedByTx.get(tx);
  if (feed === undefined) return;
  const { entries } = feed;
  const store = tx.objectStore("changes");
  const at = entries.reduce((latest, entry) => (entry.at > latest ? entry.at : latest), "");
  const newest = await feed.newest;
  const first = newest === null ? await store.add({ at, entries: [] }) : newest + 1;
  const seq = first + entries.length - 1;
  await store.put({ seq, at, entries: entries.map((entry, index) => ({ seq: first + index, ...entry })) });
  if (newest === null && first !== seq) await store.delete(first);
}

/**
 * Writes a trade with what is derived from it, in the caller's transaction: its summary row (only
 * when it changed), the ledger's totals, and the "since your last visit" entries for what changed
 * since `before` (the feed's record is written once the transaction's work is done). `before` is
 * the trade as this transaction read it from the store, null when it is new: the totals count the
 * difference between the two.
 */
export async function putTrade(tx: LedgerTx, trade: Trade, before: Trade | null, now: string): Promise<void> {
  const row = tradeSummary(trade);
  const priorRow = before === null ? null : tradeSummary(before);
  // Plain requests, not awaited one by one (the poller writes thousands): later reads in the
  // transaction see them, and one that fails aborts the transaction, which writeLedger reports.
  unwrap(tx.objectStore("trades")).put(trade);
  if (priorRow === null || !sameSummary(priorRow, row)) unwrap(tx.objectStore("summaries")).put(row);
  const changes = changesBetween(before, trade, now, uiLanguage());
  if (changes.length > 0) recordChanges(tx, changes);
  await countIn(tx, before, trade);
}

/**
 * Deletes a stored trade with what is derived from it, in the caller's transaction: its summary
 * row, and its place in the ledger's totals. `before` is the trade as this transaction read it.
 */
export async function deleteTrade(tx: LedgerTx, before: Trade): Promise<void> {
  unwrap(tx.objectStore("trades")).delete(before.id);
  unwrap(tx.objectStore("summaries")).delete(before.id);
  await countIn(tx, before, null);
}

/** Moves a trade in the transaction's totals from where `before` was counted to where `after` is (null: not stored). */
async function countIn(tx: LedgerTx, before: Trade | null, after: Trade | null): Promise<void> {
  const entry = await totalsIn(tx);
  const totals = withChange(entry.totals, before === null ? null : countedOf(before), after === null ? null : countedOf(after));
  if (totals !== entry.totals) entry.changed = true;
  entry.totals = totals;
}

/**
 * Empties the trades, their summary rows and the totals in the caller's transaction (restoring a
 * backup that replaces the ledger). The totals start again from nothing for the trades written next.
 */
export async function clearTrades(tx: LedgerTx): Promise<void> {
  await Promise.all([tx.objectStore("trades").clear(), tx.objectStore("summaries").clear(), tx.objectStore("totals").clear()]);
  totalsByTx.set(tx, Promise.resolve({ totals: NO_TRADES, changed: true }));
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
      const merged = mergeCaptured(existing, captured, now, uiLanguage());
      if (merged !== existing) await putTrade(tx, merged, existing, now);
      return { trade: merged, created: false };
    }
    const trade = newTrade(captured, now, reorderOf, uiLanguage());
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

/** A pure change to one stored trade (an answer merged into it, a source claimed). */
export interface TradeChange {
  id: string;
  change: (trade: Trade) => Trade;
}

export interface ChangedTrade {
  before: Trade;
  after: Trade;
}

/**
 * Applies many changes in one transaction, the batched form of updateTrade: each trade they
 * touch is read once, its changes applied in order as soon as it is read, and written once if it
 * changed, with the totals and the feed's record written once for all. All of it commits or none.
 * Returns every changed trade as it was stored and as it is now, in the order first named; a
 * change to a trade no longer stored is dropped.
 */
export function updateTrades(changes: readonly TradeChange[], now: string = new Date().toISOString()): Promise<ChangedTrade[]> {
  return writeLedger(async (tx) => {
    const changesOf = new Map<string, TradeChange["change"][]>();
    for (const { id, change } of changes) {
      const ofTrade = changesOf.get(id);
      if (ofTrade === undefined) changesOf.set(id, [change]);
      else ofTrade.push(change);
    }
    const written: Promise<ChangedTrade>[] = [];
    try {
      await eachStored(unwrap(tx.objectStore("trades")), [...changesOf.keys()], (id, before) => {
        const after = (changesOf.get(id) ?? []).reduce((trade, change) => change(trade), before);
        if (after !== before) written.push(putTrade(tx, after, before, now).then(() => ({ before, after })));
      });
    } catch (error) {
      // The writes already begun fail with the transaction: the first failure is the one reported.
      void Promise.allSettled(written);
      throw error;
    }
    return Promise.all(written);
  });
}

/**
 * Reads the trades stored under `ids` with plain requests and hands each one to `use` as soon as
 * it arrives, so that the browser reads the next ones while this one is changed and written.
 * They arrive in the order asked (a transaction's requests succeed in the order they were made):
 * the last one's arrival means all are handed over. Rejects with what `use` threw or a failed
 * read; writeLedger then aborts the transaction.
 */
function eachStored(store: IDBObjectStore, ids: readonly string[], use: (id: string, trade: Trade) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    if (ids.length === 0) resolve();
    for (const [index, id] of ids.entries()) {
      const request = store.get(id) as IDBRequest<Trade | undefined>;
      request.onsuccess = () => {
        try {
          if (request.result !== undefined) use(id, request.result);
          if (index === ids.length - 1) resolve();
        } catch (error) {
          reject(error);
        }
      };
      request.onerror = () => reject(request.error);
    }
  });
}

export async function getTrade(id: string): Promise<Trade | undefined> {
  const db = await openTradeDb();
  return db.get("trades", id);
}

/**
 * The trades that need attention (open, finalising, unsettled or with a warning: lib/domain/views.ts
 * needsAttention), through the summaries' by-attention index: every open warning is on one of
 * them, and their number does not grow with the finished history.
 */
export async function tradesNeedingAttention(): Promise<Trade[]> {
  const db = await openTradeDb();
  const tx = db.transaction(["summaries", "trades"]);
  return storedTrades(tx.objectStore("trades"), await tx.objectStore("summaries").index("by-attention").getAllKeys());
}

/**
 * The keys of the trades not finished yet (lib/domain/schedule.ts isTradeFinished), the ones
 * "Check now" asks about, through the summaries' by-unfinished index: no trade is read, and the
 * finished history is not looked at.
 */
export async function unfinishedTradeIds(): Promise<string[]> {
  const db = await openTradeDb();
  return db.getAllKeysFromIndex("summaries", "by-unfinished");
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
