import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type BrowserContext, type Page, type Worker } from "playwright-core";
import { chromiumPath } from "./chromium";

/** The loopback build made by `TRADEWATCH_LOOPBACK=1 npm run build`. */
export const EXTENSION_DIR = resolve(process.env.TRADEWATCH_OUT_DIR ?? ".output-loopback", "chrome-mv3");

export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** The browser's profile folder, which names its processes (the bench reads their CPU time). */
  profile: string;
  /** Opens an extension page (e.g. "popup.html") in a tab. */
  openExtensionPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  headless?: boolean;
  /** The browser's UI language, which TradeWatch's messages follow (default "en-US": tests and screenshots read English). */
  lang?: string;
  /** Another build of the extension than the loopback one (a plain build, as users install it). */
  extensionDir?: string;
}

export async function launchWithExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const profile = await mkdtemp(join(tmpdir(), "tradewatch-profile-"));
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: options.headless ?? true,
    ignoreDefaultArgs: ["--disable-extensions"],
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      "--no-sandbox",
      "--disable-gpu",
      // Without these Chromium floods a closed network with connection attempts.
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      `--lang=${options.lang ?? "en-US"}`,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  const extensionId = new URL(worker.url()).host;
  // The worker's listeners (the detector runs on each page load of a granted site) are set by its script's first run.
  await worker.evaluate("true");
  return {
    context,
    worker,
    extensionId,
    profile,
    async openExtensionPage(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
