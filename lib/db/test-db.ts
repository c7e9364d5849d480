/** Test support only: a fresh, empty IndexedDB for every test. */
import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import type { Trade } from "../domain/types";
import { forgetTradeDbConnection } from "./schema";
import { putTrade, writeLedger } from "./trades";

export function useFreshDb(): void {
  globalThis.indexedDB = new IDBFactory();
  forgetTradeDbConnection();
}

/** Stores trades as the product does (with their history rows), for tests that start from a ledger. */
export async function storeTrades(trades: readonly Trade[], now = "2026-11-22T10:00:00.000Z"): Promise<void> {
  await writeLedger(async (tx) => {
    await Promise.all(trades.map((trade) => putTrade(tx, trade, null, now)));
  });
}
