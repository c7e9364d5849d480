import type { CollectiveRecord } from "../domain/types";
import { openTradeDb } from "./schema";

export async function getCollective(id: string): Promise<CollectiveRecord | undefined> {
  const db = await openTradeDb();
  return db.get("collectives", id);
}

/** Collective transactions whose next step is due at `now` (done ones are not in the index). */
export async function dueCollectives(now: string): Promise<CollectiveRecord[]> {
  const db = await openTradeDb();
  return db.getAllFromIndex("collectives", "by-next-step", IDBKeyRange.upperBound(now));
}

/** How long a finished collective transaction stays on show in the popup. */
export const RECENT_COLLECTIVE_MS = 10 * 60_000;

/** Unfinished collective transactions and those finished in the last ten minutes, newest first. */
export async function listRecentCollectives(now: string): Promise<CollectiveRecord[]> {
  const db = await openTradeDb();
  const cutoff = Date.parse(now) - RECENT_COLLECTIVE_MS;
  const all = await db.getAll("collectives");
  return all
    .filter((c) => c.finishedAt === null || Date.parse(c.finishedAt) >= cutoff)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Every collective not done yet (only those are in the by-next-step index). */
export async function unfinishedCollectives(): Promise<CollectiveRecord[]> {
  const db = await openTradeDb();
  return db.getAllFromIndex("collectives", "by-next-step");
}
