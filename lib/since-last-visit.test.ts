import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { openTradeDb } from "./db/schema";
import { useFreshDb } from "./db/test-db";
import type { ChangeBatch, ChangeEntry } from "./domain/types";
import { loadUnseenChanges, markChangesSeen, MAX_UNSEEN } from "./since-last-visit";

beforeEach(() => {
  fakeBrowser.reset();
  useFreshDb();
});

const AT = "2026-11-20T10:00:00.000Z";
const change = (seq: number): ChangeEntry => ({
  seq,
  at: AT,
  tradeId: `https://green-leaf.example GL-${seq}`,
  tradingId: `GL-${seq}`,
  shopName: "Green Leaf Tea",
  kind: "delivered",
  text: `GL-${seq} was delivered`,
});
/** A feed record as writeLedger writes it: its changes from `first` to `last`, keyed by the last. */
const batch = (first: number, last: number): ChangeBatch => ({
  seq: last,
  at: AT,
  entries: Array.from({ length: last - first + 1 }, (_, index) => change(first + index)),
});
const seqs = (entries: ChangeEntry[]) => entries.map((entry) => entry.seq);

async function record(...batches: ChangeBatch[]): Promise<void> {
  const db = await openTradeDb();
  for (const each of batches) await db.put("changes", each);
}

describe("since your last visit", () => {
  it("reads every change not seen yet, oldest first, over the feed's records, once per cursor", async () => {
    await record(batch(1, 2), batch(3, 5));
    const first = await loadUnseenChanges();
    expect(seqs(first.entries)).toEqual([1, 2, 3, 4, 5]);
    expect(first.upTo).toBe(5);
    await markChangesSeen(first.upTo);
    expect(await loadUnseenChanges()).toEqual({ entries: [], upTo: 5 });

    await record(batch(6, 6));
    expect(seqs((await loadUnseenChanges()).entries)).toEqual([6]);
    // The start-up notification keeps its own cursor.
    expect(seqs((await loadUnseenChanges("startup")).entries)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("keeps the newest changes of a long absence, and counts all of them seen", async () => {
    await record(batch(1, 200), batch(201, 400), batch(401, 600));
    const { entries, upTo } = await loadUnseenChanges();
    expect(entries).toHaveLength(MAX_UNSEEN);
    expect(seqs(entries)).toEqual(Array.from({ length: MAX_UNSEEN }, (_, index) => 600 - MAX_UNSEEN + 1 + index));
    expect(upTo).toBe(600);
  });
});
