import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import type { Diagnostic } from "../capture/adapters/types";
import {
  clearPageProblems,
  loadPageProblems,
  MAX_PAGE_PROBLEMS,
  onPageProblemsChanged,
  recordPageProblem,
  type PageProblem,
} from "./page-problems";

beforeEach(() => fakeBrowser.reset());

const diagnostic = (overrides: Partial<Diagnostic> = {}): Diagnostic => ({
  adapter: "shopify",
  page: "https://shop.example/checkouts/c/thank_you",
  matched: { ORDER_SUMMARY: 1, TOTAL: 0 },
  missing: ["total"],
  version: "0.1.0",
  ...overrides,
});
const problem = (at: string, overrides: Partial<Diagnostic> = {}): PageProblem => ({
  at,
  message: "TradeWatch recognised a Shopify order page but could not read the total",
  diagnostic: diagnostic(overrides),
});
const minute = (n: number) => new Date(Date.UTC(2026, 10, 22, 10, n)).toISOString();

describe("page problems", () => {
  it("keeps the newest first, and the last 20 only", async () => {
    for (let n = 0; n < MAX_PAGE_PROBLEMS + 5; n++) await recordPageProblem(problem(minute(n), { page: `https://shop.example/p${n}` }));
    const kept = await loadPageProblems();
    expect(kept).toHaveLength(MAX_PAGE_PROBLEMS);
    expect(kept[0]?.at).toBe(minute(MAX_PAGE_PROBLEMS + 4));
    expect(kept.at(-1)?.at).toBe(minute(5));
  });

  it("lists the same page failing the same way once, at its latest time", async () => {
    await recordPageProblem(problem(minute(1)));
    await recordPageProblem(problem(minute(2), { adapter: "woocommerce" }));
    await recordPageProblem(problem(minute(3)));
    expect((await loadPageProblems()).map((each) => [each.at, each.diagnostic.adapter])).toEqual([
      [minute(3), "shopify"],
      [minute(2), "woocommerce"],
    ]);
  });

  it("keeps both of two problems recorded at once", async () => {
    await Promise.all([recordPageProblem(problem(minute(1))), recordPageProblem(problem(minute(2), { page: "https://b.example/" }))]);
    expect(await loadPageProblems()).toHaveLength(2);
  });

  it("leaves out stored entries that do not validate, and dismisses all", async () => {
    await fakeBrowser.storage.local.set({ pageProblems: [problem(minute(1)), { at: "yesterday", message: 3 }, "junk"] });
    expect(await loadPageProblems()).toEqual([problem(minute(1))]);
    await clearPageProblems();
    expect(await loadPageProblems()).toEqual([]);
  });

  it("tells listeners what is stored after each change, once checked", async () => {
    const listener = vi.fn();
    const stop = onPageProblemsChanged(listener);
    await recordPageProblem(problem(minute(1)));
    await vi.waitFor(() => expect(listener).toHaveBeenLastCalledWith([problem(minute(1))]));
    await clearPageProblems();
    await vi.waitFor(() => expect(listener).toHaveBeenLastCalledWith([]));
    stop();
    await recordPageProblem(problem(minute(2)));
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it("reads none without loading their schema (and zod) when none are stored", async () => {
    vi.resetModules();
    let schemaLoaded = false;
    vi.doMock("./page-problem-schema", async (importOriginal) => {
      schemaLoaded = true;
      return importOriginal();
    });
    try {
      const problems = await import("./page-problems");
      expect(await problems.loadPageProblems()).toEqual([]);
      expect(schemaLoaded).toBe(false);
    } finally {
      vi.doUnmock("./page-problem-schema");
    }
  });
});
