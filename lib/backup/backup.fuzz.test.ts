import * as fc from "fast-check";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { acceptEndpoint, isLocalHost } from "../capture/endpoint-policy";
import { tradeRecordSchema } from "../db/record-schema";
import { DB_VERSION } from "../db/schema";
import { FUZZ_TIMEOUT_MS, fuzzParams, tradeArb } from "../db/test-arbitraries";
import { applyCommandOutcome, lifecycleTarget } from "../domain/lifecycle";
import { SOURCES, type Trade } from "../domain/types";
import { DEFAULT_SETTINGS } from "../settings/schema";
import { backupToText, parseBackup, type LedgerBackup } from "./backup";

/** Property-based fuzzing of the backup reader: any file gives a backup or a message, never a throw. */

/**
 * Whether the build users install may hold the trade's endpoints: capture would have stored them
 * on the shop's pages, and none is on the user's network or computer (the plain build reads no
 * such site itself). A generated host may be one it refuses, such as x.lan.
 */
function capturable({ info }: Trade): boolean {
  const accepted = (endpoint: string | null) => {
    const url = endpoint === null ? null : acceptEndpoint(endpoint, info.shop.origin);
    return endpoint === null || (url !== null && !isLocalHost(new URL(url).hostname));
  };
  return SOURCES.every((source) => accepted(info.endpoints[source])) && accepted(info.commands?.url ?? null);
}

/** Whether TradeWatch could be waiting on the trade: a generated wait is often one its statuses already ended. */
function waitsConsistently(trade: Trade): boolean {
  return trade.lifecycle.pending === null || lifecycleTarget(trade) === "finalising";
}

const EXPORTED_AT = "2026-11-22T10:00:00.000Z";

const backupArb: fc.Arbitrary<LedgerBackup> = fc
  .tuple(fc.uniqueArray(tradeArb.filter(capturable).filter(waitsConsistently), { selector: (trade) => trade.id, maxLength: 4 }), fc.boolean())
  .map(([trades, selection]) => ({
    format: "tradewatch-backup",
    version: 1,
    exportedAt: EXPORTED_AT,
    dbVersion: DB_VERSION,
    trades,
    ...(selection ? { scope: "selection", settings: null } : { scope: "ledger", settings: DEFAULT_SETTINGS }),
  }));

/** A path into a JSON value and something to put there (or undefined: remove it). */
function mutate(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || typeof value !== "object" || value === null) return replacement;
  const [step = 0, ...rest] = path;
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[step % keys.length] as string;
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as unknown as Record<string, unknown>) : { ...value };
  copy[key] = mutate((value as Record<string, unknown>)[key], rest, replacement);
  return copy;
}

describe("parseBackup under fuzzing", () => {
  beforeEach(() => {
    vi.spyOn(fakeBrowser.runtime, "getManifest").mockReturnValue({ manifest_version: 3, name: "TradeWatch", version: "1", host_permissions: [] });
  });

  it("reads back exactly what it wrote", { timeout: FUZZ_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(backupArb, (backup) => {
        const parsed = parseBackup(backupToText(backup));
        expect(parsed.ok && parsed.backup).toEqual(backup);
      }),
      fuzzParams(100),
    );
  });

  it("turns any edit of a backup into a valid backup or a message, never a throw", { timeout: FUZZ_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(backupArb, fc.array(fc.nat(), { maxLength: 6 }), fc.anything(), (backup, path, replacement) => {
        const parsed = parseBackup(JSON.stringify(mutate(JSON.parse(backupToText(backup)), path, replacement)) ?? "");
        if (!parsed.ok) {
          expect(parsed.error.length).toBeGreaterThan(10);
          return;
        }
        for (const trade of parsed.backup.trades) {
          expect(tradeRecordSchema.safeParse(trade).success).toBe(true);
          expect(capturable(trade)).toBe(true);
          // The import releases a trade waiting for the shop's answer; the lifecycle would throw on an impossible wait.
          if (trade.lifecycle.pending !== null) expect(() => applyCommandOutcome(trade, { kind: "gave-up", message: "Imported" }, EXPORTED_AT)).not.toThrow();
        }
        expect(parsed.backup.settings === null).toBe(parsed.backup.scope === "selection");
        expect(parsed.preview.trades).toBe(parsed.backup.trades.length);
      }),
      fuzzParams(300),
    );
  });

  it("turns any text into a backup or a message, never a throw", { timeout: FUZZ_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: "binary" }), fc.jsonValue().map((value) => JSON.stringify(value)), backupArb.chain((b) => fc.nat(backupToText(b).length).map((n) => backupToText(b).slice(0, n)))),
        (text) => {
          const parsed = parseBackup(text);
          expect(parsed.ok || parsed.error.length > 10).toBe(true);
        },
      ),
      fuzzParams(300),
    );
  });
});
