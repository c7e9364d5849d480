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
  const newestFirst: ChangeEntry[] = [];
  let upTo = seen;
  // Newest first, so that a long absence shows the latest changes and stops early. A record's key
  // is the seq of its last change and a cursor is always one record's key (or 0): the records
  // after it hold exactly the changes not seen yet.
  for (let c = await db.transaction("changes").store.openCursor(IDBKeyRange.lowerBound(seen, true), "prev"); c; c = await c.continue()) {
    upTo = Math.max(upTo, c.primaryKey);
    newestFirst.push(...c.value.entries.toReversed());
    if (newestFirst.length >= MAX_UNSEEN) break;
  }
  return { entries: newestFirst.slice(0, MAX_UNSEEN).reverse(), upTo };
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
