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

/** How long settled commands, finished collectives and the change feed are kept. */
export const KEEP_LOGS_MS = 180 * 86_400_000;

/**
 * Drops what only explained the past: commands settled, collectives finished and changes
 * recorded more than KEEP_LOGS_MS ago (each trade keeps its own history and transitions).
 * Nothing pending or unfinished is touched. Returns how many records went.
 */
export async function pruneOldRecords(now: string): Promise<number> {
  const cutoff = Date.parse(now) - KEEP_LOGS_MS;
  const old = (at: string | null) => at !== null && Date.parse(at) < cutoff;
  const db = await openTradeDb();
  const tx = db.transaction(["commands", "collectives", "changes"], "readwrite");
  let removed = 0;
  for (let c = await tx.objectStore("commands").openCursor(); c; c = await c.continue()) {
    if (c.value.state !== "pending" && old(c.value.createdAt)) {
      await c.delete();
      removed++;
    }
  }
  for (let c = await tx.objectStore("collectives").openCursor(); c; c = await c.continue()) {
    if (c.value.phase === "done" && old(c.value.finishedAt)) {
      await c.delete();
      removed++;
    }
  }
  // The feed is appended in time order: the old records are the first ones (a record by its latest change).
  for (let c = await tx.objectStore("changes").openCursor(); c && old(c.value.at); c = await c.continue()) {
    await c.delete();
    removed++;
  }
  await tx.done;
  return removed;
}
