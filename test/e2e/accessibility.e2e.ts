import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeViolations } from "./support/a11y";
import { tradeCard, useShowcase } from "./support/scenes";

/**
 * axe-core on every page TradeWatch shows (issue 8, "Accessible"), each in its fullest state
 * and in the light and the dark colour scheme: no violation of WCAG 2.1 A and AA, nor of axe's
 * best practices.
 */

const scene = useShowcase();


describe("axe-core finds nothing", () => {
  it("in the popup: warnings, limits, orders, the together bar, a return and a reorder form", async () => {
    const { popup, delivered, deliveredSecond, unpaid, inTransit } = scene.showcase;
    await popup.getByRole("button", { name: "Select orders" }).click();
    for (const id of [unpaid, inTransit]) await tradeCard(popup, id).getByRole("checkbox").check();
    await popup.getByRole("region", { name: "2 orders at 2 shops selected" }).waitFor();
    await tradeCard(popup, delivered).getByRole("button", { name: "Return items…" }).click();
    await popup.getByRole("form", { name: `Return items of order ${delivered}` }).waitFor();
    await tradeCard(popup, deliveredSecond).getByRole("button", { name: "Reorder…" }).click();
    await popup.getByRole("form", { name: `Reorder items of order ${deliveredSecond}` }).waitFor();
    expect(await popup.getByRole("alert").count()).toBeGreaterThan(0);

    expect(await axeViolations(popup)).toEqual([]);
  });

  it("in the order history, with results and with none matching", async () => {
    const history = await scene.h.browser.openExtensionPage("order-history.html");
    await history.getByRole("table").getByRole("row", { name: new RegExp(scene.showcase.delivered) }).waitFor();
    expect(await axeViolations(history)).toEqual([]);
    await history.getByLabel("Item or order number").fill("nothing like this");
    await history.getByRole("heading", { name: "No finished order matches this search." }).waitFor();
    expect(await axeViolations(history)).toEqual([]);
    await history.close();
  });

  it("in the options with a limit and the delivery details", async () => {
    const options = await scene.h.browser.openExtensionPage("options.html");
    await options.getByLabel("Limit in EUR").waitFor();
    expect(await axeViolations(options)).toEqual([]);
    await options.close();
  });

  it("on the welcome page", async () => {
    const welcome = await scene.h.browser.openExtensionPage("welcome.html");
    await welcome.getByRole("heading", { level: 1 }).waitFor();
    expect(await axeViolations(welcome)).toEqual([]);
    await welcome.close();
  });

  it("in the badge on a shop's confirmation page, light and dark", async () => {
    const page = scene.showcase.confirmation;
    const badge = page.locator("#tradewatch-badge");
    await badge.getByText(/TradeWatch is (now|already) tracking order/).waitFor();
    expect(await axeViolations(page, "#tradewatch-badge")).toEqual([]);
    // It follows the page, not the system: on this light page it stays light in a dark system.
    const background = () => badge.evaluate((host) => getComputedStyle(host.shadowRoot!.querySelector(".card")!).backgroundColor);
    await page.emulateMedia({ colorScheme: "dark" });
    expect(await background()).toBe("rgb(255, 255, 255)");
    await page.emulateMedia({ colorScheme: null });

    // On a dark page the badge turns dark: its contrast is checked there too.
    await page.evaluate(() => {
      document.documentElement.style.background = "#111418";
      document.body.style.background = "#111418";
      document.body.style.color = "#e6e6e6";
      window.dispatchEvent(new Event("resize"));
    });
    await page.locator('#tradewatch-badge[data-look="dark"]').waitFor();
    expect(await background()).not.toBe("rgb(255, 255, 255)");
    expect(await axeViolations(page, "#tradewatch-badge")).toEqual([]);
  });
});

/**
 * How many elements (in the page, or in the shadow root of `host`) have a transition or an
 * animation that takes time.
 */
function moving(page: Page, host?: string): Promise<number> {
  return page.evaluate((host) => {
    const root = host === null ? document : document.querySelector(host)?.shadowRoot;
    if (!root) throw new Error(`No shadow root at ${host}`);
    const takesTime = (durations: string) => durations.split(",").some((duration) => parseFloat(duration) > 0);
    return [...root.querySelectorAll("*")].filter((element) => {
      const style = getComputedStyle(element);
      return takesTime(style.transitionDuration) || (style.animationName !== "none" && takesTime(style.animationDuration));
    }).length;
  }, host ?? null);
}

describe("reduced motion", () => {
  it("stops every transition and animation on the pages and in the badge for those who ask for less", async () => {
    const pages = [
      { page: scene.showcase.popup, host: undefined },
      { page: await scene.h.browser.openExtensionPage("options.html"), host: undefined },
      { page: scene.showcase.confirmation, host: "#tradewatch-badge" },
    ];
    await pages[1]!.page.getByLabel("Limit in EUR").waitFor();
    for (const { page, host } of pages) {
      // Buttons fade their background, the badge slides in: there is motion to stop.
      expect(await moving(page, host), page.url()).toBeGreaterThan(0);
      await page.emulateMedia({ reducedMotion: "reduce" });
      expect(await moving(page, host), page.url()).toBe(0);
      await page.emulateMedia({ reducedMotion: null });
    }
    await pages[1]!.page.close();
  });
});
