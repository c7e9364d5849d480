import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import * as z from "zod";
import { launchWithExtension, type ExtensionBrowser } from "../../test/e2e/support/browser";
import { chromiumPath } from "../../test/e2e/support/chromium";
import { until } from "../../test/e2e/support/until";

export { launchWithExtension, type ExtensionBrowser };

export function chromiumVersion(): string {
  return execFileSync(chromiumPath(), ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
}

export interface PlainBrowser {
  context: BrowserContext;
  /** The profile folder, which names the browser's processes. */
  profile: string;
  close(): Promise<void>;
}

/**
 * The baseline: the same Chromium with the same flags and a fresh profile, without TradeWatch.
 * Its extension system stays on, as in every browser TradeWatch could be installed in:
 * Playwright's default `--disable-extensions` would switch off Chromium's own built-in
 * extensions too, and count their cost as TradeWatch's.
 */
export async function launchWithoutExtension(): Promise<PlainBrowser> {
  const profile = await mkdtemp(join(tmpdir(), "tradewatch-bench-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    ignoreDefaultArgs: ["--disable-extensions"],
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--lang=en-US"],
  });
  return {
    context,
    profile,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

const reconcileSchema = z.object({
  updates: z.int().positive(),
  reconcileMs: z.number().positive(),
  rawPutMs: z.number().positive(),
  ratio: z.number(),
});
export type ReconcileResult = z.infer<typeof reconcileSchema>;

/** What openPopupTimed answers: a record keyed by an enum has every key. */
const popupTimesSchema = (marks: readonly string[]) => z.object({ marks: z.record(z.enum(marks), z.number().positive()), startFromCall: z.number() });
export type PopupTimes = z.infer<ReturnType<typeof popupTimesSchema>>;

/**
 * The bench-only extension page (entrypoints/bench): seeding and reconcile throughput run there,
 * in the extension's own IndexedDB, and it opens the real popup. Called with string expressions,
 * as tsx's helpers in a serialised function would not exist in the page; what comes back is
 * checked.
 */
export interface BenchPage {
  seedLedger(count: number, seed: number): Promise<void>;
  reconcileThroughput(trades: number, seed: number): Promise<ReconcileResult>;
  countTrades(): Promise<number>;
  /** Opens the real popup from the bench page (lib/bench/popup-bench.ts) until it has set every mark named, then closes it. */
  openPopup(marks: readonly string[]): Promise<PopupTimes>;
  close(): Promise<void>;
}

export async function openBenchPage(browser: ExtensionBrowser): Promise<BenchPage> {
  const page: Page = await browser.openExtensionPage("bench.html");
  // Extension pages forbid eval, which page.waitForFunction needs: poll with plain evaluations instead.
  await until(() => page.evaluate('typeof window.tradewatchBench === "object"'), "the bench page");
  const call = (expression: string) => page.evaluate(`window.tradewatchBench.${expression}`);
  const whole = (value: number) => z.int().nonnegative().parse(value);
  return {
    async seedLedger(count, seed) {
      await call(`seedLedger(${whole(count)}, ${whole(seed)})`);
    },
    async reconcileThroughput(trades, seed) {
      return reconcileSchema.parse(await call(`reconcileThroughput(${whole(trades)}, ${whole(seed)})`));
    },
    async countTrades() {
      return z.int().nonnegative().parse(await call("countTrades()"));
    },
    async openPopup(marks) {
      // action.openPopup opens in the focused window, over its active tab: this page's.
      await page.bringToFront();
      return popupTimesSchema(marks).parse(await call(`openPopupTimed(${JSON.stringify(marks)})`));
    },
    close: () => page.close(),
  };
}
