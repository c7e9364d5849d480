import { beforeEach, describe, expect, it } from "vitest";
import type { ChangeBatch, CollectiveRecord, CommandRecord } from "../domain/types";
import { KEEP_LOGS_MS, pruneOldRecords, earliestCommandWork, dueCommands } from "./outbox";
import { openTradeDb } from "./schema";
import { useFreshDb } from "./test-db";

const NOW = "2026-11-22T10:00:00.000Z";
const OLD = new Date(Date.parse(NOW) - KEEP_LOGS_MS - 1000).toISOString();

const command = (key: string, state: CommandRecord["state"], createdAt: string, nextAttemptAt?: string): CommandRecord => ({
  key,
  tradeId: "https://green-leaf.example GL-1",
  url: "https://green-leaf.example/api/commands",
  request: { tradewatch: 1, tradingId: "GL-1", idempotencyKey: key, command: "cancel", reason: null },
  state,
  attempts: 1,
  createdAt,
  ...(nextAttemptAt === undefined ? {} : { nextAttemptAt }),
  leaseUntil: null,
  lastError: null,
  reply: null,
});

const collective = (id: string, phase: CollectiveRecord["phase"], finishedAt: string | null, nextStepAt?: string): CollectiveRecord => ({
  id,
  intent: "complete",
  createdAt: OLD,
  participants: [],
  decision: null,
  phase,
  finishedAt,
  log: [],
  ...(nextStepAt === undefined ? {} : { nextStepAt }),
  leaseUntil: null,
});

const change = (at: string): ChangeBatch => ({
  at,
  entries: [{ at, tradeId: "t", tradingId: "GL-1", shopName: "Green Leaf Tea", kind: "delivered", text: "delivered" }],
});

beforeEach(useFreshDb);

describe("the outbox and its logs", () => {
  it("finds due commands and the earliest work over commands and collectives", async () => {
    const db = await openTradeDb();
    await db.put("commands", command("a", "pending", NOW, "2026-11-22T10:05:00.000Z"));
    await db.put("commands", command("b", "done", NOW));
    await db.put("collectives", collective("c", "finishing", null, "2026-11-22T10:01:00.000Z"));
    expect(await earliestCommandWork()).toBe("2026-11-22T10:01:00.000Z");
    expect((await dueCommands("2026-11-22T10:05:00.000Z")).map((c) => c.key)).toEqual(["a"]);
    expect(await dueCommands(NOW)).toEqual([]);
  });

  it("drops only settled commands, finished collectives and changes older than the keeping time", async () => {
    const db = await openTradeDb();
    await db.put("commands", command("old-done", "done", OLD));
    await db.put("commands", command("old-pending", "pending", OLD, NOW));
    await db.put("commands", command("new-done", "done", NOW));
    await db.put("collectives", collective("old-done", "done", OLD));
    await db.put("collectives", collective("old-running", "finishing", null, NOW));
    await db.put("collectives", collective("new-done", "done", NOW));
    for (const at of [OLD, OLD, NOW]) await db.add("changes", change(at));
    expect(await pruneOldRecords(NOW)).toBe(4);
    expect((await db.getAllKeys("commands")).sort()).toEqual(["new-done", "old-pending"]);
    expect((await db.getAllKeys("collectives")).sort()).toEqual(["new-done", "old-running"]);
    expect((await db.getAll("changes")).map((batch) => batch.at)).toEqual([NOW]);
  });
});
