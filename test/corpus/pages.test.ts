// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { handleMessage, type MessageContext } from "../../lib/background/messages";
import { useFreshDb } from "../../lib/db/test-db";
import { listTrades } from "../../lib/db/trades";
import {
  addedBesideBaseline,
  expectCleanPrototypes,
  expectReadable,
  expectWholeRecord,
  failOnUnhandledRejections,
  storeBaseline,
} from "./corpus";
import { blocksOf, DEFAULT_PAGE_URL, pageCases, type PageCase } from "./page-cases";
import { commandStubs } from "../../lib/background/test-message-context";

const NOW = "2026-11-22T10:00:00.000Z";
const cases = pageCases();

failOnUnhandledRejections();

let context: MessageContext;
beforeEach(async () => {
  fakeBrowser.reset();
  useFreshDb();
  await storeBaseline();
  // Refused and unreadable Orders are logged for the developer console; the corpus is noisy by design.
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
  context = {
    now: () => NOW,
    checkNow: vi.fn(async () => 0),
    checkTrade: vi.fn(async () => 0),
    afterChange: vi.fn(async () => undefined),
    ...commandStubs(),
  };
});

/** The content script's message from the top frame of the case's page. */
async function capture(c: PageCase): Promise<Record<string, unknown>> {
  const url = c.url ?? DEFAULT_PAGE_URL;
  const sender = { id: fakeBrowser.runtime.id, tab: { id: 7 } as never, frameId: 0, url };
  return (await handleMessage({ type: "capture", blocks: blocksOf(c) }, sender, context)) as Record<string, unknown>;
}

describe(`hostile and broken confirmation pages (${cases.length} cases)`, () => {
  it.each(cases.map((c) => [`${c.group}: ${c.name}`, c] as const))("%s", async (_name, c) => {
    const reply = await capture(c);
    const added = addedBesideBaseline(await listTrades());
    expectCleanPrototypes();

    switch (c.expect) {
      case "tracked": {
        expect(reply.kind).toBe("tracked");
        if (c.tradingIds) expect(added.map((t) => t.info.tradingId).sort()).toEqual([...c.tradingIds].sort());
        else if (c.tradingCount !== undefined) expect(added).toHaveLength(c.tradingCount);
        else expect(added.length).toBeGreaterThan(0);
        const origin = new URL(c.url ?? DEFAULT_PAGE_URL).origin;
        for (const trade of added) {
          expectWholeRecord(trade);
          // Whatever the page claims, the shop is the page's own origin.
          expect(trade.info.shop.origin).toBe(origin);
          expect(new URL(trade.info.pageUrl).origin).toBe(origin);
        }
        const first = added.find((t) => t.info.tradingId === (c.tradingIds?.[0] ?? added[0]?.info.tradingId));
        if (c.total) expect(first?.info.total).toEqual(c.total);
        if (c.orderDate) expect(first?.info.orderDate).toBe(c.orderDate);
        if (c.endpoints) expect(first?.info.endpoints).toMatchObject(c.endpoints);
        expect(context.afterChange).toHaveBeenCalledOnce();
        break;
      }
      case "invalid": {
        expect(reply.kind).toBe("invalid");
        const reasons = reply.reasons as string[];
        for (const reason of reasons) expectReadable(reason);
        expect(reasons.join("\n")).toContain(c.reason);
        expect(added).toEqual([]);
        break;
      }
      case "not-an-order":
        // Not an order: nothing stored and no badge on the page.
        expect(reply).toEqual({ kind: "not-an-order", badge: null });
        expect(added).toEqual([]);
        break;
      case "refused":
        expectReadable(reply.error);
        expect(reply.error).toContain(c.error);
        expect(added).toEqual([]);
        break;
    }
    if (c.expect !== "tracked") expect(context.afterChange).not.toHaveBeenCalled();
  });
});
