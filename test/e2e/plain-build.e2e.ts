import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchWithExtension, type ExtensionBrowser } from "./support/browser";

/**
 * TradeWatch as users install it (a plain build, not the loopback one the other tests use): it
 * holds no site and not the page-load events (`webNavigation`, issue 7), its worker starts
 * without them, and the page where sites are allowed says what the browser's prompt will also
 * ask for. The prompt itself cannot be answered from a test; granting is unit-tested.
 */

const PLAIN_DIR = ".output-plain";
let browser: ExtensionBrowser;

beforeAll(async () => {
  // Its own folder: the loopback build the other tests read, and manifest.e2e.ts's .output, stay as they are.
  const { TRADEWATCH_OUT_DIR: _loopbackDir, ...env } = process.env;
  execFileSync("npx", ["wxt", "build"], { stdio: "pipe", env: { ...env, TRADEWATCH_LOOPBACK: "", TRADEWATCH_OUT_DIR: PLAIN_DIR } });
  browser = await launchWithExtension({ extensionDir: resolve(PLAIN_DIR, "chrome-mv3") });
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe("a plain build, as installed", () => {
  it("holds no site and not the page-load events, and its worker runs without them", async () => {
    const held = await browser.worker.evaluate(async () => ({
      granted: await chrome.permissions.getAll(),
      pageLoadsOffered: typeof chrome.webNavigation,
      // Set after the page-load listener would be: the worker's start went on past the missing API.
      listening: chrome.permissions.onAdded.hasListeners() && chrome.permissions.onRemoved.hasListeners() && chrome.runtime.onStartup.hasListeners(),
    }));
    expect(held.granted.origins).toEqual([]);
    expect(held.granted.permissions).not.toContain("webNavigation");
    expect(held.pageLoadsOffered).toBe("undefined");
    expect(held.listening).toBe(true);
  });

  it("says on the options page what the browser's prompt for a first site will also ask, and warns of nothing", async () => {
    const options = await browser.openExtensionPage("options.html");
    const sites = options.getByRole("region", { name: "Sites" });
    await sites.getByRole("checkbox", { name: "Detect orders on all sites" }).waitFor();
    const hint = sites.getByText(/may also ask to let TradeWatch know when pages load/);
    await hint.waitFor();
    expect(await hint.textContent()).toContain("keeps no other address");
    expect(await sites.getByRole("alert").count()).toBe(0);
    expect(await sites.getByText("None. On a shop's page, open TradeWatch from the toolbar and choose “Track orders on this site”.").count()).toBe(1);
  });
});
