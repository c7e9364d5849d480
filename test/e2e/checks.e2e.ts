import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "./support/harness";
import { startHarness } from "./support/harness";

let h: Harness;
let popup: Page;
beforeAll(async () => {
  h = await startHarness();
  popup = await h.openPopup();
});
afterAll(async () => {
  await h?.close();
});

const eur = (minor: number) => ({ minor, currency: "EUR" });
const DAY = 86_400_000;

async function checkNow() {
  await popup.getByRole("button", { name: "Check now", exact: true }).click();
  await popup.getByRole("button", { name: "Check now", exact: true }).and(popup.locator(":not([aria-disabled=\"true\"])")).waitFor();
}

function warning(tradingId: string, text: string | RegExp) {
  return popup.getByRole("region", { name: "Warnings" }).getByRole("alert").filter({ hasText: tradingId }).filter({ hasText: text });
}

async function order(quantities: Record<string, number>): Promise<string> {
  const { page, tradingId } = await h.placeOrder(quantities);
  await page.close();
  return tradingId;
}

/** Notification ids of the worker: `<trade id>|<kind>|…`. */
async function notificationIds(): Promise<string[]> {
  return h.browser.worker.evaluate(async () => Object.keys(await chrome.notifications.getAll()));
}

interface Case {
  name: string;
  quantities: Record<string, number>;
  /** Makes the server disagree with the order. */
  breakIt(id: string): Promise<unknown>;
  warning: string | RegExp;
  /** Makes the server agree again. */
  fixIt(id: string): Promise<unknown>;
}

// Each consistency check of issue 3, produced and then repaired at the reference servers.
const CASES: Case[] = [
  {
    name: "charged twice",
    quantities: { "Green tea": 1 },
    breakIt: async (id) => {
      await h.control.settle(id);
      await h.control.charge(id);
    },
    warning: "Charged 2 times",
    fixIt: (id) => h.control.refund(id, eur(1250)),
  },
  {
    name: "shipped but payment declined",
    quantities: { "Stoneware mug": 1 },
    breakIt: async (id) => {
      await h.control.ship(id);
      await h.control.failPayment(id);
    },
    warning: "The payment failed, but the order was shipped",
    fixIt: (id) => h.control.settle(id),
  },
  {
    name: "items delivered that were never ordered",
    quantities: { "Green tea": 1 },
    breakIt: (id) => h.control.deliver(id, [{ sku: "TEA-GREEN", quantity: 1 }, { sku: "MUG-STONE", quantity: 1 }]),
    warning: "which was not ordered",
    fixIt: (id) => h.control.deliver(id, [{ sku: "TEA-GREEN", quantity: 1 }]),
  },
  {
    name: "order contents changed by the shop",
    quantities: { "Green tea": 2, "Stoneware mug": 1 },
    breakIt: (id) => h.control.changeContents(id, [{ sku: "TEA-GREEN", quantity: 1 }]),
    warning: "The shop changed the order after it was placed",
    fixIt: (id) =>
      h.control.changeContents(id, [
        { sku: "TEA-GREEN", quantity: 2 },
        { sku: "MUG-STONE", quantity: 1 },
      ]),
  },
  {
    name: "status moved backwards",
    quantities: { "Cast-iron teapot": 1 },
    breakIt: async (id) => {
      await h.control.ship(id);
      await checkNow();
      await h.control.setStatus(id, "shop", "processing");
    },
    warning: /status went back from .*shipped/i,
    fixIt: (id) => h.control.setStatus(id, "shop", "shipped"),
  },
  {
    name: "tracking number invalid for the carrier named",
    quantities: { "Steel kettle": 1 },
    breakIt: (id) => h.control.ship(id, "1Z999AA10123456785", "UPS"),
    warning: "is not a valid UPS tracking number",
    fixIt: (id) => h.control.ship(id, "1Z999AA10123456784", "UPS"),
  },
  {
    name: "paid but not shipped by the expected date",
    quantities: { "Green tea": 3 },
    breakIt: async (id) => {
      await h.control.settle(id);
      await h.control.schedule(id, "delivery", new Date(Date.now() - DAY).toISOString());
    },
    warning: "but not shipped though delivery was expected",
    fixIt: (id) => h.control.deliver(id),
  },
];

describe("every consistency check in Chromium", () => {
  it.each(CASES)("$name: warns in the popup, notifies, and clears when fixed at the server", async (c) => {
    const id = await order(c.quantities);
    await c.breakIt(id);
    await checkNow();
    await warning(id, c.warning).waitFor();
    expect((await notificationIds()).some((n) => n.includes(id) && n.includes("|warnings|"))).toBe(true);

    await c.fixIt(id);
    await checkNow();
    await warning(id, c.warning).waitFor({ state: "detached" });
    const card = popup.getByRole("article", { name: `Order ${id} at Reference Shop` });
    await card.getByText("History").click();
    await card.getByRole("listitem").filter({ hasText: "Resolved:" }).filter({ hasText: c.warning }).first().waitFor();
  });

  it("refund missing, then short, then complete after a cancellation", async () => {
    // The servers' clock runs eight days behind: the cancellation is older than the 7-day grace.
    await h.control.setClock(new Date(Date.now() - 8 * DAY).toISOString());
    try {
      const id = await order({ "Steel kettle": 1 });
      await h.control.settle(id);
      await h.control.cancel(id);
      await checkNow();
      await warning(id, "Nothing of the €59.00 paid was refunded").waitFor();

      await h.control.refund(id, eur(2000));
      await checkNow();
      await warning(id, "Only €20.00 of the €59.00 paid was refunded").waitFor();

      await h.control.refund(id);
      await checkNow();
      await warning(id, "refunded").waitFor({ state: "detached" });
    } finally {
      await h.control.setClock(new Date().toISOString());
    }
  });

  it("a payment in another currency than the order", async () => {
    const id = await order({ "Green tea": 1 });
    await h.control.settle(id, { minor: 1400, currency: "USD" });
    await checkNow();
    await warning(id, "in USD, but the order total is €12.50 in EUR").waitFor();
  });

  it("acknowledging a warning mutes it and lowers the toolbar count", async () => {
    const id = await order({ "Stoneware mug": 2 });
    await h.control.settle(id, eur(2500));
    await checkNow();
    const alert = warning(id, "Charged €25.00");
    await alert.waitFor();
    const before = Number(await h.browser.worker.evaluate(() => chrome.action.getBadgeText({})));
    await popup.getByRole("button", { name: "Acknowledge: Charged €25.00, but the order total is €19.80" }).click();
    await alert.waitFor({ state: "detached" });
    await popup.getByText(/acknowledged/).first().waitFor();
    const after = await h.browser.worker.evaluate(() => chrome.action.getBadgeText({}));
    expect(Number(after || "0")).toBe(before - 1);
  });

  it("links the carrier's tracking page, checks one trade on its own, and saves requests with HTTP caching", async () => {
    const id = await order({ "Cast-iron teapot": 2 });
    await h.control.ship(id, "1Z999AA10123456784", "UPS");
    const card = popup.getByRole("article", { name: `Order ${id} at Reference Shop` });
    await card.waitFor();
    await popup.getByRole("button", { name: `Check order ${id} now` }).click();
    const link = card.getByRole("link", { name: "Track with UPS" });
    await link.waitFor();
    expect(await link.getAttribute("href")).toContain("1Z999AA10123456784");

    await popup.getByRole("button", { name: `Check order ${id} now` }).click();
    await popup.getByRole("button", { name: `Check order ${id} now` }).and(popup.locator(":not([aria-disabled=\"true\"])")).waitFor();
    await popup.getByRole("button", { name: `Check order ${id} now` }).click();
    await popup.getByRole("button", { name: `Check order ${id} now` }).and(popup.locator(":not([aria-disabled=\"true\"])")).waitFor();
    const stats = await h.control.stats();
    const delivery = stats.byOrder[id]?.delivery;
    expect(delivery?.requests).toBeGreaterThanOrEqual(3);
    expect(delivery?.notModified).toBeGreaterThanOrEqual(1);
  });

  it("warns on the checkout page when the order would push a limit over, and gives the limit's figures to the tab's toolbar button, not to the page", async () => {
    const options = await h.browser.openExtensionPage("options.html");
    await options.getByRole("button", { name: "Add a limit" }).click();
    await options.getByLabel("Currency", { exact: true }).selectOption("EUR");
    await options.getByLabel("Limit in EUR").fill("5000.00");
    await options.getByRole("button", { name: "Save" }).click();
    await options.getByRole("status").getByText("Saved.").waitFor();
    await options.close();

    const review = await h.reviewOrder({ "Steel kettle": 99 });
    const alert = review.locator("#tradewatch-badge").getByRole("alert");
    await alert.waitFor();
    expect(await alert.innerText()).toContain("This order of €5,841.00 would go over a spending limit you set.");
    // The shop's own scripts can read and search the page: the limit is nowhere there.
    expect(await review.evaluate(() => (window as unknown as { find(text: string): boolean }).find("5,000.00"))).toBe(false);
    const toolbar = await h.browser.worker.evaluate(async (url) => {
      const tab = (await chrome.tabs.query({})).find((each) => each.url === url);
      return { text: await chrome.action.getBadgeText({ tabId: tab!.id! }), title: await chrome.action.getTitle({ tabId: tab!.id! }) };
    }, review.url());
    expect(toolbar.text).toBe("!");
    expect(toolbar.title).toMatch(/^TradeWatch: This order of €5,841\.00 would take you over your €5,000\.00 limit \(All shops · no period\): €[\d,.]+ already used\.$/);
    await review.close();

    const small = await h.reviewOrder({ "Green tea": 1 });
    await small.getByRole("button", { name: "Place order" }).waitFor();
    expect(await small.locator("#tradewatch-badge").count()).toBe(0);
    await small.close();
  });
});
