/** Test support only: a fresh, empty IndexedDB for every test. */
import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { forgetTradeDbConnection } from "./schema";

export function useFreshDb(): void {
  globalThis.indexedDB = new IDBFactory();
  forgetTradeDbConnection();
}
