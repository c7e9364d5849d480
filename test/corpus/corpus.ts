/**
 * Shared by the corpus runners: loading the committed corpus files, and the checks every case
 * must pass whatever its edge (no unhandled rejection, no polluted prototype, no stored record
 * changed beyond what the case expects).
 */
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { firstProblem, tradeRecordSchema } from "../../lib/db/record-schema";
import { generateLedger } from "../../lib/db/test-arbitraries";
import { storeTrades } from "../../lib/db/test-db";
import type { SourceState, Trade } from "../../lib/domain/types";

const FAR_FUTURE = "2099-01-01T00:00:00.000Z";

export interface CorpusFile<Case> {
  about: string;
  cases: Case[];
}

export function loadCorpus<Case>(file: string): Case[] {
  return (JSON.parse(readFileSync(`${import.meta.dirname}/${file}`, "utf8")) as CorpusFile<Case>).cases;
}

/**
 * Fails the case during which a promise was rejected with nobody listening. Node reports such a
 * rejection once the microtask queue is drained, so each check first lets one macrotask pass.
 */
export function failOnUnhandledRejections(): void {
  const seen: unknown[] = [];
  const record = (reason: unknown) => seen.push(reason);
  beforeAll(() => void process.on("unhandledRejection", record));
  afterAll(() => void process.off("unhandledRejection", record));
  afterEach(async () => {
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen.splice(0).map(String)).toEqual([]);
  });
}

/** Page data with "__proto__" or "constructor" keys must never reach a shared prototype. */
export function expectCleanPrototypes(): void {
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(Object.keys(Array.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect((globalThis as Record<string, unknown>).__twPwned).toBeUndefined();
}

/**
 * Trades already in the ledger before each case: none of them may change. They are scheduled
 * far in the future, so a poll in a case never asks their (generated, unreachable) endpoints.
 */
export const BASELINE: Trade[] = generateLedger(3, 6).map((trade) => {
  const later = (state: SourceState): SourceState => ({ ...state, nextCheckAt: state.nextCheckAt && FAR_FUTURE });
  const processing = { shop: later(trade.processing.shop), payment: later(trade.processing.payment), delivery: later(trade.processing.delivery) };
  const { nextCheckAt, ...rest } = trade;
  return nextCheckAt === undefined ? { ...rest, processing } : { ...rest, processing, nextCheckAt: FAR_FUTURE };
});

export async function storeBaseline(): Promise<void> {
  await storeTrades(BASELINE);
}

/** Every baseline trade is still stored exactly as it was; returns the trades added beside them. */
export function addedBesideBaseline(after: Trade[]): Trade[] {
  const stored = new Map(after.map((trade) => [trade.id, trade]));
  for (const trade of BASELINE) expect(stored.get(trade.id)).toEqual(trade);
  const baselineIds = new Set(BASELINE.map((trade) => trade.id));
  return after.filter((trade) => !baselineIds.has(trade.id));
}

/** A stored trade must be whole: it validates against the stored-record schema. */
export function expectWholeRecord(trade: Trade): void {
  const parsed = tradeRecordSchema.safeParse(trade);
  expect(parsed.success ? "whole" : `${trade.id}: ${firstProblem(parsed.error)}`).toBe("whole");
}

/** A message meant for people: a sentence, not a dump of the input. */
export function expectReadable(message: unknown): void {
  expect(typeof message).toBe("string");
  const text = message as string;
  expect(text.trim().length).toBeGreaterThan(10);
  expect(text.length).toBeLessThanOrEqual(600);
}
