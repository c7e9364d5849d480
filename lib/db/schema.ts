import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { Trade } from "../domain/types";

/**
 * The one IndexedDB schema of TradeWatch. Bump DB_VERSION only together with a new
 * step in `upgrade` (append-only: earlier steps never change) and a fixture in test/fixtures/db/.
 */
export const DB_NAME = "tradewatch";
export const DB_VERSION = 1;

export interface TradeWatchDB extends DBSchema {
  trades: {
    key: string;
    value: Trade;
    indexes: {
      "by-trading-id": string;
      "by-shop-origin": string;
      /** Only trades with something scheduled are in this index (nextCheckAt is absent otherwise). */
      "by-next-check": string;
    };
  };
}

export type TradeDb = IDBPDatabase<TradeWatchDB>;

let connection: Promise<TradeDb> | null = null;

export function openTradeDb(): Promise<TradeDb> {
  connection ??= openDB<TradeWatchDB>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const trades = db.createObjectStore("trades", { keyPath: "id" });
        trades.createIndex("by-trading-id", "info.tradingId");
        trades.createIndex("by-shop-origin", "info.shop.origin");
        trades.createIndex("by-next-check", "nextCheckAt");
      }
    },
    blocking() {
      // A newer version wants to upgrade: let it, and reopen on next use.
      void connection?.then((db) => db.close());
      connection = null;
    },
  }).catch((error: unknown) => {
    connection = null;
    throw error;
  });
  return connection;
}

/** Tests give each case a fresh IDBFactory; this drops the cached connection to the old one. */
export function forgetTradeDbConnection(): void {
  connection = null;
}
