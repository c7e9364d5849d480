import { browser } from "wxt/browser";
import { openTradeDb } from "./db/schema";
import type { ChangeEntry } from "./domain/types";

/**
 * "Since your last visit" (seed 000 claim 7): the change feed in IndexedDB is read from a
 * cursor kept in extension storage, so each change is shown once. The popup and the
 * browser-start notification keep separate cursors: the notification announces a change
 * once, and the popup still lists it the first time it opens after.
 */
export type SeenCursor = "popup" | "startup";
const KEYS: Record<SeenCursor, string> = { popup: "changesSeenByPopup", startup: "changesAnnouncedAtStartup" };
/** More than this many unseen changes are summarised from the newest ones. */
export const MAX_UNSEEN = 500;

export async function loadUnseenChanges(cursor: SeenCursor = "popup"): Promise<{ entries: ChangeEntry[]; upTo: number }> {
  const seen = await readCursor(cursor);
  const db = await openTradeDb();
  const entries: ChangeEntry[] = [];
  let upTo = seen;
  // Newest first, so that a long absence shows the latest changes and stops early.
  for (let c = await db.transaction("changes").store.openCursor(IDBKeyRange.lowerBound(seen, true), "prev"); c; c = await c.continue()) {
    upTo = Math.max(upTo, c.value.seq ?? 0);
    entries.push(c.value);
    if (entries.length >= MAX_UNSEEN) break;
  }
  return { entries: entries.reverse(), upTo };
}

export async function markChangesSeen(upTo: number, cursor: SeenCursor = "popup"): Promise<void> {
  const seen = await readCursor(cursor);
  // Two popups may race: the cursor only moves forward.
  if (upTo > seen) await browser.storage.local.set({ [KEYS[cursor]]: upTo });
}

async function readCursor(cursor: SeenCursor): Promise<number> {
  const stored = (await browser.storage.local.get(KEYS[cursor]))[KEYS[cursor]];
  return typeof stored === "number" && Number.isSafeInteger(stored) && stored >= 0 ? stored : 0;
}
