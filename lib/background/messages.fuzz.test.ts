import * as fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import type { Browser } from "wxt/browser";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { FUZZ_TIMEOUT_MS, fuzzParams, generateLedger } from "../db/test-arbitraries";
import { storeTrades, useFreshDb } from "../db/test-db";
import { listTrades } from "../db/trades";
import { handleMessage, type MessageContext } from "./messages";
import { commandStubs } from "./test-message-context";

/**
 * Property-based fuzzing of the background's only door: any message from any sender gets an
 * answer (never a throw), and only a content script on a web page's top frame can add to the
 * ledger; nothing else changes a stored trade.
 */

const EXISTING = generateLedger(2, 11).map(({ nextCheckAt: _n, ...trade }) => trade);
const TYPES = ["capture", "check-now", "check-trade", "acknowledge-warning", "CAPTURE", "", "__proto__"];

const messageArb = fc.oneof(
  fc.anything(),
  fc.record(
    {
      type: fc.constantFrom(...TYPES),
      blocks: fc.oneof(fc.array(fc.oneof(fc.string(), fc.anything()), { maxLength: 3 }), fc.anything()),
      tradeId: fc.oneof(fc.constantFrom(...EXISTING.map((t) => t.id)), fc.anything()),
      code: fc.oneof(fc.constantFrom("amount-mismatch", "stale"), fc.anything()),
      source: fc.oneof(fc.constantFrom("shop", "payment", "delivery"), fc.anything()),
    },
    { requiredKeys: ["type"] },
  ),
);

const senderArb: fc.Arbitrary<Browser.runtime.MessageSender> = fc.record(
  {
    id: fc.constantFrom(fakeBrowser.runtime.id, "another-extension", ""),
    tab: fc.constant({ id: 4 } as Browser.tabs.Tab),
    frameId: fc.constantFrom(0, 1, -1),
    url: fc.oneof(
      fc.webUrl(),
      fc.constantFrom(fakeBrowser.runtime.getURL("/popup.html"), "file:///x", "about:blank", "chrome://settings", "data:,x", "not a url"),
    ),
  },
  { requiredKeys: [] },
);

describe("handleMessage under fuzzing", () => {
  it("answers anything without throwing, and changes no stored trade", { timeout: FUZZ_TIMEOUT_MS }, async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const context: MessageContext = {
      now: () => "2026-11-22T10:00:00.000Z",
      checkNow: async () => 0,
      checkTrade: async () => 0,
      afterChange: async () => undefined,
      ...commandStubs(),
    };
    await fc.assert(
      fc.asyncProperty(messageArb, senderArb, async (message, sender) => {
        fakeBrowser.reset();
        useFreshDb();
        await storeTrades(EXISTING);
        const reply = await handleMessage(message, sender, context);
        expect(typeof reply).toBe("object");
        expect(reply).not.toBeNull();
        if ("error" in (reply as object)) expect(typeof (reply as { error: unknown }).error).toBe("string");
        const stored = new Map((await listTrades()).map((trade) => [trade.id, trade]));
        for (const trade of EXISTING) expect(stored.get(trade.id)).toEqual(trade);
        expect(Object.keys(Object.prototype)).toEqual([]);
      }),
      fuzzParams(150),
    );
  });
});
