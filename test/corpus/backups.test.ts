import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { backupToText, importLedger, parseBackup, type LedgerBackup } from "../../lib/backup/backup";
import { DB_VERSION } from "../../lib/db/schema";
import { useFreshDb } from "../../lib/db/test-db";
import { listTrades } from "../../lib/db/trades";
import type { Settings } from "../../lib/settings/schema";
import { loadSettings } from "../../lib/settings/store";
import {
  addedBesideBaseline,
  BASELINE,
  expectCleanPrototypes,
  expectReadable,
  failOnUnhandledRejections,
  loadCorpus,
  storeBaseline,
} from "./corpus";

type Op =
  | { op: "set"; path: (string | number)[]; value: unknown }
  | { op: "delete"; path: (string | number)[] }
  | { op: "truncate"; keep: number | "after-trades" }
  | { op: "append" | "prepend"; text: string }
  | { op: "text-replace"; from: string; to: string }
  | { op: "pretty-crlf" | "duplicate-first-trade" | "only-trades" };

/** A backup file to refuse or accept; see the "about" of backups.json. */
interface BackupCase {
  group: string;
  name: string;
  text?: string;
  ops?: Op[];
  expect: "refused" | "accepted";
  error?: string;
}

const cases = loadCorpus<BackupCase>("backups.json");
const SETTINGS = JSON.parse(readFileSync(`${import.meta.dirname}/../fixtures/settings/v1.json`, "utf8")) as Settings;

/** A valid backup of the baseline ledger, as exportLedger writes it. */
const VALID: LedgerBackup = {
  format: "tradewatch-backup",
  version: 1,
  exportedAt: "2026-11-22T10:00:00.000Z",
  dbVersion: DB_VERSION,
  scope: "ledger",
  trades: BASELINE,
  settings: SETTINGS,
};

/** Walks to the parent of `path` in a JSON value made by JSON.parse (so every step is its own). */
function parentOf(root: unknown, path: (string | number)[]): Record<string | number, unknown> {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  return node;
}

function fileText(c: BackupCase): string {
  if (c.text !== undefined) return c.text;
  let value: unknown = JSON.parse(backupToText(VALID));
  let text: string | null = null;
  for (const op of c.ops ?? []) {
    const current = (): string => text ?? JSON.stringify(value);
    switch (op.op) {
      case "set":
        parentOf(value, op.path)[op.path.at(-1) as string | number] = op.value;
        break;
      case "delete":
        delete parentOf(value, op.path)[op.path.at(-1) as string | number];
        break;
      case "duplicate-first-trade": {
        const trades = (value as { trades: unknown[] }).trades;
        trades.push(trades[0]);
        break;
      }
      case "only-trades":
        value = (value as { trades: unknown[] }).trades;
        break;
      case "truncate": {
        const full = current();
        const keep =
          op.keep === "after-trades" ? full.indexOf(',"settings"') : op.keep < 0 ? full.length + op.keep : op.keep < 1 ? Math.floor(full.length * op.keep) : op.keep;
        text = full.slice(0, keep);
        break;
      }
      case "append":
        text = current() + op.text;
        break;
      case "prepend":
        text = op.text + current();
        break;
      case "text-replace":
        text = current().replace(op.from, op.to);
        break;
      case "pretty-crlf":
        text = JSON.stringify(value, null, 2).replaceAll("\n", "\r\n");
        break;
    }
  }
  return text ?? JSON.stringify(value);
}

failOnUnhandledRejections();

beforeEach(async () => {
  fakeBrowser.reset();
  useFreshDb();
  await storeBaseline();
});

describe(`damaged, edited and foreign backup files (${cases.length} cases)`, () => {
  it.each(cases.map((c) => [`${c.group}: ${c.name}`, c] as const))("%s", async (_name, c) => {
    const parsed = parseBackup(fileText(c));
    expectCleanPrototypes();
    if (c.expect === "refused") {
      expect(parsed.ok).toBe(false);
      const error = parsed.ok ? "" : parsed.error;
      expectReadable(error);
      expect(error).toContain(c.error);
      // Refused before anything is touched: the ledger is what it was.
      expect(addedBesideBaseline(await listTrades())).toEqual([]);
      return;
    }
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.preview.trades).toBe(parsed.backup.trades.length);
    useFreshDb();
    const settings = await loadSettings();
    await importLedger(parsed.backup);
    const stored = await listTrades();
    expect(stored).toEqual([...parsed.backup.trades].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
    // A selection carries no settings and leaves them as they were.
    expect(await loadSettings()).toEqual(parsed.backup.settings ?? settings);
    expectCleanPrototypes();
  });
});
