import type { CommandRecord } from "../domain/types";
import { openTradeDb } from "./schema";

/** Pending commands whose next attempt is due at `now` (only pending ones are in the index). */
export async function dueCommands(now: string): Promise<CommandRecord[]> {
  const db = await openTradeDb();
  return db.getAllFromIndex("commands", "by-next-attempt", IDBKeyRange.upperBound(now));
}

export async function getCommand(key: string): Promise<CommandRecord | undefined> {
  const db = await openTradeDb();
  return db.get("commands", key);
}

/** The earliest due time over the outbox and the collective transactions, for the one alarm. */
export async function earliestCommandWork(): Promise<string | null> {
  const db = await openTradeDb();
  const tx = db.transaction(["commands", "collectives"]);
  const [command, collective] = await Promise.all([
    tx.objectStore("commands").index("by-next-attempt").openKeyCursor(),
    tx.objectStore("collectives").index("by-next-step").openKeyCursor(),
  ]);
  const times = [command?.key, collective?.key].filter((key): key is string => typeof key === "string");
  return times.length === 0 ? null : times.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
}
