// @vitest-environment happy-dom
import { readFileSync } from "node:fs";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { h } from "preact";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { OptionsApp } from "../../entrypoints/options/OptionsApp";
import { PopupApp } from "../../entrypoints/popup/PopupApp";
import { handleMessage } from "../../lib/background/messages";
import { useFreshDb } from "../../lib/db/test-db";
import { listTrades, saveCaptured, updateTrade } from "../../lib/db/trades";
import { applyReport } from "../../lib/domain/reconcile";
import { aCapturedOrder } from "../../lib/domain/test-trades";
import { statusReportSchema } from "../../lib/protocol/status-report";
import { loadCorpus } from "./corpus";
import { blocksOf, pageCases } from "./page-cases";
import { commandStubs } from "../../lib/background/test-message-context";

/**
 * Everything the corpus gets stored (hostile names, order numbers, carriers, messages) is
 * rendered by the real popup and options pages: it must show up as text, never as markup.
 */

const NOW = "2026-11-22T10:00:00.000Z";
/** Markup test/corpus/pages.json puts in order numbers, shop names and carriers. */
const IMG = '<img src=x onerror="globalThis.__twPwned=1" class="tw-injected">';
const SVG = '<svg class="tw-injected" onload="globalThis.__twPwned=1"></svg>';
const SCRIPT = '<script class="tw-injected">globalThis.__twPwned=1</script>';

const SETTINGS: unknown = JSON.parse(readFileSync(`${import.meta.dirname}/../fixtures/settings/v1.json`, "utf8"));

interface StatusCase {
  source: string;
  respond?: { body?: string; json?: unknown };
  behaviour?: string;
  expect: string;
}

beforeAll(async () => {
  fakeBrowser.reset();
  useFreshDb();
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
  const context = { now: () => NOW, checkNow: async () => 0, checkTrade: async () => 0, afterChange: async () => undefined, ...commandStubs() };
  // Each page case on its own shop, so orders with the same number do not merge into one.
  for (const [index, c] of pageCases().entries()) {
    if (c.expect !== "tracked" || c.tradingCount !== undefined) continue;
    const url = c.url ?? `https://shop-${index}.corpus.example/order/thanks`;
    await handleMessage({ type: "capture", blocks: blocksOf(c) }, { id: fakeBrowser.runtime.id, tab: { id: 1 } as never, frameId: 0, url }, context);
  }
  // Each status answer the poller would merge, merged into its own trade.
  for (const [index, c] of loadCorpus<StatusCase>("statuses.json").entries()) {
    if (c.expect !== "merged" || c.behaviour !== undefined) continue;
    const report = statusReportSchema.parse(c.respond?.json ?? JSON.parse(c.respond?.body ?? ""));
    const shop = { name: `Status case ${index}`, origin: `https://status-${index}.corpus.example` };
    const { trade } = await saveCaptured(aCapturedOrder({ info: { tradingId: report.tradingId, shop } }), NOW);
    await updateTrade(trade.id, (stored) => applyReport(stored, report, NOW));
  }
});

afterEach(cleanup);

/** No element the pages did not make themselves (their own charts and icons are hidden SVG), and no link that is not a web address. */
function expectNoInjectedMarkup(): void {
  expect(document.querySelectorAll(".tw-injected, script, iframe, object, embed, img, style, [onerror], [onload]")).toHaveLength(0);
  for (const svg of document.querySelectorAll("svg")) expect(svg.closest("[aria-hidden=true], [role=img]")).not.toBeNull();
  for (const link of document.querySelectorAll("a[href]")) expect(link.getAttribute("href")).toMatch(/^(https?:|#|\/|\?)/);
  expect((globalThis as Record<string, unknown>).__twPwned).toBeUndefined();
}

describe("what the corpus stored, rendered", () => {
  it("holds the hostile text the corpus fed in", async () => {
    const trades = await listTrades();
    expect(trades.length).toBeGreaterThan(50);
    const names = trades.flatMap((trade) => [trade.info.tradingId, trade.info.shop.name, trade.processing.delivery.carrier]);
    for (const text of [IMG, SVG, SCRIPT]) expect(names).toContain(text);
  });

  it("shows in the popup as text, never as markup", async () => {
    render(h(PopupApp, null));
    await screen.findAllByRole("article", undefined, { timeout: 10_000 });
    // The list is paged: every order the corpus stored is brought on screen.
    for (let more = screen.queryByRole("button", { name: /^Show more/ }); more; more = screen.queryByRole("button", { name: /^Show more/ })) {
      const shown = screen.getAllByRole("article").length;
      fireEvent.click(more);
      await waitFor(() => expect(screen.getAllByRole("article").length).toBeGreaterThan(shown));
    }
    expectNoInjectedMarkup();
    const text = document.body.textContent ?? "";
    for (const markup of [IMG, SVG, SCRIPT]) expect(text).toContain(markup);
  });

  it("shows in the options page (shop names in the limit form) as text, never as markup", async () => {
    // With a limit set, each limit offers every shop of the ledger by name.
    await fakeBrowser.storage.local.set({ settings: SETTINGS });
    render(h(OptionsApp, null));
    const shops = await screen.findAllByRole("option", { name: /tw-injected/ }, { timeout: 10_000 });
    expect(shops.map((option) => option.textContent)).toContain(`${SCRIPT} (shop-1.corpus.example)`);
    expectNoInjectedMarkup();
  });
});
