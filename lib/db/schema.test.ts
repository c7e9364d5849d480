import { readdirSync, readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { countedOf, totalsOf } from "../domain/ledger-totals";
import { tradeSummary, type SummaryRow } from "../domain/summary";
import type { ChangeBatch, ChangeEntry, Trade } from "../domain/types";
import { filterCounts } from "../domain/views";
import { summaryRowSchema, totalsRecordSchema, tradeRecordSchema, firstProblem } from "./record-schema";
import {
  DB_VERSION,
  forgetTradeDbConnection,
  MIGRATIONS,
  openLedgerDb,
  openTradeDb,
  TOTALS_KEY,
  TradeDbError,
  type Migration,
  type TotalsRecord,
} from "./schema";
import { storeTrades, useFreshDb } from "./test-db";
import { dueTrades, listTrades, updateTrades } from "./trades";

/** test/fixtures/db/v<n>.json: the records exactly as version n of the schema stores them. */
interface DbFixture {
  dbVersion: number;
  trades: Trade[];
  /** From version 2: each trade's row in the history store (with the popup's fields from version 3). */
  summaries?: SummaryRow[];
  /** From version 3: the ledger's totals record. */
  totals?: TotalsRecord;
  /** From version 4: the change feed, one record per transaction. */
  changes?: ChangeBatch[];
}

const FIXTURES = `${import.meta.dirname}/../../test/fixtures/db`;
const fixtures: DbFixture[] = readdirSync(FIXTURES)
  .filter((name) => /^v\d+\.json$/.test(name))
  .map((name) => JSON.parse(readFileSync(`${FIXTURES}/${name}`, "utf8")) as DbFixture)
  .sort((a, b) => a.dbVersion - b.dbVersion);

const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** Builds the database as version `fixture.dbVersion` left it: its steps only, then its records as they were. */
async function installFixture(fixture: DbFixture): Promise<void> {
  const db = await openLedgerDb(MIGRATIONS.slice(0, fixture.dbVersion));
  const stores = [...db.objectStoreNames].filter((name) => name === "trades" || name === "summaries" || name === "totals" || name === "changes");
  const tx = db.transaction(stores, "readwrite");
  const writes: Promise<unknown>[] = fixture.trades.map((trade) => tx.objectStore("trades").put(trade));
  if (fixture.summaries) writes.push(...fixture.summaries.map((row) => tx.objectStore("summaries").put(row)));
  if (fixture.totals) writes.push(tx.objectStore("totals").put(fixture.totals));
  if (fixture.changes) writes.push(...fixture.changes.map((batch) => tx.objectStore("changes").put(batch)));
  await Promise.all([...writes, tx.done]);
  db.close();
}

async function storedVersion(): Promise<number> {
  const databases = await indexedDB.databases();
  return databases.find((db) => db.name === "tradewatch")?.version ?? 0;
}

beforeEach(useFreshDb);

describe("schema upgrades", () => {
  it("has a committed fixture for every schema version", () => {
    expect(fixtures.map((fixture) => fixture.dbVersion)).toEqual(Array.from({ length: DB_VERSION }, (_, i) => i + 1));
    for (const fixture of fixtures) expect(fixture.trades.length).toBeGreaterThan(0);
  });

  it.each(fixtures.map((fixture) => [fixture.dbVersion, fixture] as const))(
    "upgrades the version %i fixture to the current version with every record intact",
    async (version, fixture) => {
      await installFixture(fixture);
      const db = await openTradeDb();
      expect(db.version).toBe(DB_VERSION);
      expect([...db.objectStoreNames]).toEqual(["changes", "collectives", "commands", "summaries", "totals", "trades"]);
      expect([...db.transaction("trades").store.indexNames].sort()).toEqual(["by-next-check", "by-shop-origin", "by-state", "by-trading-id"]);
      expect([...db.transaction("summaries").store.indexNames].sort()).toEqual(["by-attention", "by-delivery", "by-rank", "by-state", "by-unfinished"]);

      const stored = await listTrades();
      expect(stored.map((t) => t.id).sort()).toEqual(fixture.trades.map((t) => t.id).sort());
      for (const trade of stored) {
        const parsed = tradeRecordSchema.safeParse(trade);
        expect(parsed.success ? "valid" : `${trade.id}: ${firstProblem(parsed.error)}`).toBe("valid");
      }
      // Every trade has its history row, as the current code writes it.
      const summaries = await db.getAll("summaries");
      expect(byId(summaries)).toEqual(byId(stored.map(tradeSummary)));
      for (const row of summaries) expect(summaryRowSchema.safeParse(row).success).toBe(true);
      // The stored totals count the ledger as it is.
      const totals = await db.get("totals", TOTALS_KEY);
      expect(totalsRecordSchema.safeParse(totals).success).toBe(true);
      expect(totals).toEqual({ id: TOTALS_KEY, ...totalsOf(stored.map(countedOf)) });
      expect(totals?.filters).toEqual(filterCounts(stored));
      // A fixture of the current version needs no step: it must come back exactly as written.
      if (version === DB_VERSION) expect(byId(stored)).toEqual(byId(fixture.trades));
      expect(await db.getAll("changes")).toEqual(fixture.changes ?? []);
      const scheduled = fixture.trades.filter((t) => t.nextCheckAt !== undefined).length;
      expect(await dueTrades("9999-12-31T23:59:59.999Z")).toHaveLength(scheduled);
    },
  );

  const newest = fixtures.at(-1) as DbFixture;

  it("turns each change of a version 3 feed into a record of its own under its seq, and numbers new changes after them", async () => {
    const v3 = await openLedgerDb(MIGRATIONS.slice(0, 3));
    const change = (tradingId: string, at: string): ChangeEntry => ({
      at,
      tradeId: `https://green-leaf.example ${tradingId}`,
      tradingId,
      shopName: "Green Leaf Tea",
      kind: "delivered",
      text: `${tradingId} was delivered`,
    });
    // Version 3 added one record per change under an auto-increment seq; the first one has been pruned since.
    for (const [tradingId, at] of [["GL-1", "2026-10-01T10:00:00.000Z"], ["GL-2", "2026-10-02T10:00:00.000Z"], ["GL-3", "2026-10-02T11:00:00.000Z"]] as const) {
      await v3.add("changes", change(tradingId, at) as unknown as ChangeBatch);
    }
    await v3.delete("changes", 1);
    v3.close();

    const db = await openTradeDb();
    expect(await db.getAll("changes")).toEqual([
      { seq: 2, at: "2026-10-02T10:00:00.000Z", entries: [{ ...change("GL-2", "2026-10-02T10:00:00.000Z"), seq: 2 }] },
      { seq: 3, at: "2026-10-02T11:00:00.000Z", entries: [{ ...change("GL-3", "2026-10-02T11:00:00.000Z"), seq: 3 }] },
    ]);
    const trade = newest.trades.find((each) => each.processing.delivery.status !== "delivered") as Trade;
    await storeTrades([trade]);
    await updateTrades([{ id: trade.id, change: (t) => ({ ...t, processing: { ...t.processing, delivery: { ...t.processing.delivery, status: "delivered" } } }) }]);
    expect((await db.getAll("changes")).at(-1)?.entries.map((entry) => [entry.seq, entry.kind])).toEqual([[4, "delivered"]]);
  });

  it("numbers the first change of a version 3 feed that was pruned empty after every seq it gave", async () => {
    const v3 = await openLedgerDb(MIGRATIONS.slice(0, 3));
    for (let n = 0; n < 5; n++) await v3.add("changes", { at: "2026-10-01T10:00:00.000Z" } as ChangeBatch);
    await v3.clear("changes");
    v3.close();

    const trade = newest.trades.find((each) => each.processing.delivery.status === null && each.processing.payment.status === null) as Trade;
    await storeTrades([trade]);
    const deliveredAndPaid = (t: Trade): Trade => ({
      ...t,
      processing: { ...t.processing, delivery: { ...t.processing.delivery, status: "delivered" }, payment: { ...t.processing.payment, status: "settled" } },
    });
    await updateTrades([{ id: trade.id, change: deliveredAndPaid }]);
    const db = await openTradeDb();
    const feed = (await db.getAll("changes")).map((batch) => [batch.seq, batch.entries.map((entry) => [entry.seq, entry.kind])]);
    expect(feed).toEqual([[7, [[6, "delivered"], [7, "settled"]]]]);
  });

  it.each<[string, Migration, RegExp]>([
    [
      "a step that throws after changing records",
      async (_db, tx) => {
        await tx.objectStore("trades").clear();
        throw new Error("the v2 step broke");
      },
      /could not upgrade your saved orders from version \d+ to \d+ \(the v2 step broke\)\. Nothing was deleted/,
    ],
    [
      "a step that throws at once",
      () => {
        throw new TypeError("cannot read archived");
      },
      /\(cannot read archived\)\. Nothing was deleted/,
    ],
  ])("keeps the old data and says so when %s", async (_case, step, message) => {
    await installFixture(newest);
    const upgrade = openLedgerDb([...MIGRATIONS, step]);
    await expect(upgrade).rejects.toBeInstanceOf(TradeDbError);
    await expect(upgrade).rejects.toThrow(message);

    expect(await storedVersion()).toBe(DB_VERSION);
    forgetTradeDbConnection();
    expect(byId(await listTrades())).toEqual(byId(newest.trades));
  });

  it("refuses, without touching it, a database written by a newer TradeWatch", async () => {
    await installFixture(newest);
    (await openLedgerDb([...MIGRATIONS, () => undefined])).close();

    await expect(openTradeDb()).rejects.toThrow(
      /saved by a newer version of TradeWatch, which this version \(\d+\) cannot read\. Nothing was deleted/,
    );
    const newer = await openLedgerDb([...MIGRATIONS, () => undefined]);
    expect(await newer.count("trades")).toBe(newest.trades.length);
    newer.close();
  });

  it("opens again after a failed attempt instead of keeping the failure", async () => {
    await installFixture(newest);
    (await openLedgerDb([...MIGRATIONS, () => undefined])).close();
    await expect(openTradeDb()).rejects.toBeInstanceOf(TradeDbError);
    indexedDB.deleteDatabase("tradewatch");
    expect((await openTradeDb()).version).toBe(DB_VERSION);
  });
});
