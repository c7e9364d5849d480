import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, focused, tabTo } from "./support/a11y";
import { launchWithExtension, type ExtensionBrowser } from "./support/browser";
import { until } from "./support/until";

/**
 * The first run (issue 8, onboarding): installing TradeWatch opens its welcome page once, and
 * the page works: a first limit lands in the options, the sample order shows in the popup and
 * goes again, and all of it can be done with the keyboard alone.
 */

let browser: ExtensionBrowser;
let welcome: Page;

const welcomePages = () => browser.context.pages().filter((page) => page.url() === `chrome-extension://${browser.extensionId}/welcome.html`);
const sampleCard = (popup: Page) => popup.getByRole("article", { name: /SAMPLE-1/ });

beforeAll(async () => {
  browser = await launchWithExtension();
  welcome = await until(async () => welcomePages()[0], "the welcome page to open");
  await welcome.getByRole("heading", { level: 1, name: "Welcome to TradeWatch" }).waitFor();
});

afterAll(async () => {
  await browser?.close();
});

/** Stops TradeWatch's service worker as the browser does when it is idle; false when it was not running. */
async function stopWorker(page: Page): Promise<boolean> {
  const cdp = await browser.context.newCDPSession(page);
  const { targetInfos } = await cdp.send("Target.getTargets");
  const worker = targetInfos.find((t) => t.type === "service_worker" && t.url.startsWith(`chrome-extension://${browser.extensionId}/`));
  const closed = worker ? (await cdp.send("Target.closeTarget", { targetId: worker.targetId })).success : false;
  await cdp.detach();
  return closed;
}

describe("the welcome page", () => {
  it("opens once, on install, and not again when the worker starts again", async () => {
    expect(welcomePages()).toHaveLength(1);
    expect(await welcome.title()).toBe("Welcome to TradeWatch");
    expect(await welcome.locator("main").innerText()).toContain(
      "Your orders stay in this browser. TradeWatch sends nothing anywhere except status requests to the shops, payment services and carriers of your own orders.",
    );
    expect(await stopWorker(welcome)).toBe(true);
    // A message wakes a new worker, which has run its start-up code once it answers.
    const reply = await welcome.evaluate(() => chrome.runtime.sendMessage({ type: "remove-sample-order" }));
    expect(reply).toEqual({ removed: false });
    expect(welcomePages()).toHaveLength(1);
  });

  it("has no accessibility violations axe can find, in light and dark", async () => {
    expect(await axeViolations(welcome)).toEqual([]);
  });

  it("offers the local demo shop in this demo build", async () => {
    expect(await welcome.getByRole("link", { name: "Open the demo shop" }).getAttribute("href")).toBe("http://127.0.0.1:4101/");
  });

  it("sets a first limit that the options page then shows", async () => {
    await welcome.getByLabel("Currency").selectOption("EUR");
    await welcome.getByLabel("Limit in EUR").fill("12,50");
    await welcome.getByRole("button", { name: "Save limit" }).click();
    await welcome.getByText("Enter a plain number such as 500 or 499.99.").waitFor();
    await welcome.getByLabel("Limit in EUR").fill("250");
    await welcome.getByRole("button", { name: "Save limit" }).click();
    await welcome.getByRole("status").getByText("Saved. TradeWatch warns you when your unpaid orders go over €250.00.").waitFor();

    const options = await browser.openExtensionPage("options.html");
    const amount = options.getByLabel("Limit in EUR");
    await amount.waitFor();
    expect(await amount.inputValue()).toBe("250.00");
    await options.close();
  });

  it("adds a sample order that the popup shows, and removes it again", async () => {
    await welcome.getByRole("button", { name: "See a sample order" }).click();
    await welcome.getByText("A sample order is in your list").waitFor();
    const popup = await browser.openExtensionPage("popup.html");
    const card = sampleCard(popup);
    await card.waitFor();
    expect(await card.innerText()).toContain("Sample shop (not a real order)");

    await welcome.getByRole("button", { name: "Remove sample order" }).click();
    await welcome.getByText("The sample order was removed.").waitFor();
    // The popup follows the ledger as it changes.
    await card.waitFor({ state: "detached" });
    await popup.close();
  });

  it("can be completed with the keyboard alone", async () => {
    await welcome.reload();
    await welcome.getByRole("heading", { level: 1 }).waitFor();
    // The form starts in the currency of the browser's region (en-US here).
    const stops = await tabTo(welcome, "Limit in USD");
    // Every choice on the way is reachable: where TradeWatch looks, then the limit's currency.
    expect(stops).toEqual(expect.arrayContaining(["Detect orders on all sites", "Currency"]));
    await welcome.keyboard.type("80");
    await welcome.keyboard.press("Enter");
    await welcome.getByText("Saved. TradeWatch warns you when your unpaid orders go over $80.00.").waitFor();

    await tabTo(welcome, "See a sample order");
    await welcome.keyboard.press("Space");
    await welcome.getByText("A sample order is in your list").waitFor();
    // The same button now removes it, and keeps the focus.
    await welcome.getByRole("button", { name: "Remove sample order" }).waitFor();
    expect((await focused(welcome)).name).toBe("Remove sample order");
    await welcome.keyboard.press("Enter");
    await welcome.getByText("The sample order was removed.").waitFor();
    expect((await focused(welcome)).name).toBe("See a sample order");
  });
});
