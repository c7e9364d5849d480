import { readFile } from "node:fs/promises";
import type { Locator, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { focused, tabTo } from "./support/a11y";
import { cardName, tradeCard, useShowcase } from "./support/scenes";

/**
 * TradeWatch with the keyboard alone (issue 8, "Accessible"): every page in a sensible tab
 * order with the focus always drawn, arrow keys in the popup's filters, Escape out of what
 * opened in place with the focus back where it was, and Enter for the commands.
 */

const scene = useShowcase();

const hasFocus = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);

describe("the popup", () => {
  let popup: Page;

  beforeAll(async () => {
    popup = scene.showcase.popup;
    // From the top, as the popup opens.
    await popup.reload();
    await popup.getByRole("heading", { level: 1, name: "TradeWatch" }).waitFor();
  });

  it("starts with the header's actions, in reading order", async () => {
    const stops = await tabTo(popup, "Options");
    expect(stops).toEqual(["Check now", "Order history", "Options"]);
  });

  it("moves through the filters with the arrow keys, one tab stop for all of them", async () => {
    await tabTo(popup, /^All \(\d+\)$/);
    // Only the checked filter is a tab stop: the next Tab leaves the group.
    await popup.keyboard.press("Tab");
    expect((await focused(popup)).name).not.toMatch(/^(Not delivered|Delivered|Not settled|Settled) \(\d+\)$/);
    await popup.keyboard.press("Shift+Tab");
    expect((await focused(popup)).name).toMatch(/^All \(\d+\)$/);
    const deliveredGroup = popup.getByRole("heading", { level: 2, name: /^Delivered \(\d+\)$/ });
    await deliveredGroup.waitFor();

    await popup.keyboard.press("ArrowRight");
    await expect.poll(async () => (await focused(popup)).name).toMatch(/^Not delivered \(\d+\)$/);
    expect(await popup.getByRole("radio", { name: /^Not delivered/ }).isChecked()).toBe(true);
    await deliveredGroup.waitFor({ state: "detached" });

    await popup.keyboard.press("ArrowLeft");
    expect(await popup.getByRole("radio", { name: /^All/ }).isChecked()).toBe(true);
    await deliveredGroup.waitFor();
    await expect.poll(async () => (await focused(popup)).name).toMatch(/^All \(\d+\)$/);
  });

  it("confirms an order with Enter, and keeps the focus on its card", async () => {
    const { inTransit } = scene.showcase;
    await tabTo(popup, (now) => now.name === "Confirm receipt" && cardName(inTransit).test(now.card));
    await popup.keyboard.press("Enter");
    const said = tradeCard(popup, inTransit).getByRole("status");
    await said.getByText(/^The order is completed\./).waitFor();
    // The button goes with the order's new state; the focus goes to what the shop said, not to the top.
    await tradeCard(popup, inTransit).getByRole("button", { name: "Confirm receipt" }).waitFor({ state: "detached" });
    await expect.poll(() => hasFocus(said)).toBe(true);
  });

  it("opens a return form from the order's actions, and Escape closes it with the focus back on its button", async () => {
    const { delivered } = scene.showcase;
    const opener = tradeCard(popup, delivered).getByRole("button", { name: "Return items…" });
    await tabTo(popup, (now) => now.name === "Return items…" && cardName(delivered).test(now.card));
    expect(await opener.getAttribute("aria-expanded")).toBe("false");
    await popup.keyboard.press("Enter");
    const form = popup.getByRole("form", { name: `Return items of order ${delivered}` });
    await form.waitFor();
    // The form takes the focus on its first field.
    await expect.poll(() => hasFocus(form.getByRole("spinbutton").first())).toBe(true);
    await popup.keyboard.press("Tab");
    expect((await focused(popup)).drawn).toBe(true);

    await popup.keyboard.press("Escape");
    await form.waitFor({ state: "detached" });
    await expect.poll(() => hasFocus(opener)).toBe(true);
    expect(await opener.getAttribute("aria-expanded")).toBe("false");
  });

  it("asks before cancelling, and Escape keeps the order", async () => {
    const { overcharged } = scene.showcase;
    const cancel = tradeCard(popup, overcharged).getByRole("button", { name: "Cancel order" });
    await tabTo(popup, (now) => now.name === "Cancel order" && cardName(overcharged).test(now.card), { back: true });
    await popup.keyboard.press("Enter");
    const question = tradeCard(popup, overcharged).getByRole("group", { name: new RegExp(`^Cancel order ${overcharged} at .+\\?$`) });
    await question.waitFor();
    await expect.poll(() => hasFocus(question.getByRole("button", { name: "Keep it" }))).toBe(true);
    await popup.keyboard.press("Escape");
    await question.waitFor({ state: "detached" });
    await expect.poll(() => hasFocus(cancel)).toBe(true);
  });
});

describe("the order history", () => {
  let history: Page;

  beforeAll(async () => {
    await addFinishedOrders(55);
    history = await scene.h.browser.openExtensionPage("order-history.html");
    await history.getByRole("table").waitFor();
  });

  const caption = () => history.locator("caption").innerText();
  const pageText = () => history.getByRole("navigation", { name: "Pages of results" }).innerText();

  it("reaches every search field, the sortable columns and the pages, in that order", async () => {
    const stops = await tabTo(history, "Next");
    const at = (name: string) => stops.indexOf(name);
    for (const name of ["Item or order number", "Shop", "Completed", "Failed", "Currency", "Clear the search", "Ordered", "Total", "Previous"]) {
      expect(at(name), `${name} in ${stops.join(" → ")}`).toBeGreaterThanOrEqual(0);
    }
    expect(at("Item or order number")).toBeLessThan(at("Clear the search"));
    expect(at("Clear the search")).toBeLessThan(at("Ordered"));
    expect(at("Total")).toBeLessThan(at("Previous"));
  });

  it("pages with Enter, and the focus stays on the pager at the last page", async () => {
    expect(await pageText()).toContain("Page 1 of 2");
    await history.keyboard.press("Enter");
    await history.getByText("Page 2 of 2").waitFor();
    const next = history.getByRole("button", { name: "Next" });
    await expect.poll(() => hasFocus(next)).toBe(true);
    expect(await next.getAttribute("aria-disabled")).toBe("true");
    await history.keyboard.press("Enter");
    expect(await pageText()).toContain("Page 2 of 2");
    await tabTo(history, "Previous", { back: true });
    await history.keyboard.press("Enter");
    await history.getByText("Page 1 of 2").waitFor();
  });

  it("sorts a column from the keyboard, saying the order on the column", async () => {
    const total = history.getByRole("columnheader", { name: /^Total/ });
    await tabTo(history, "Total", { back: true });
    await history.keyboard.press("Enter");
    await expectSort(total, "descending");
    const totals = () => history.locator("tbody td.trade-total").allInnerTexts();
    const amounts = (texts: string[]) => texts.map((text) => Number(text.replace(/[^\d]/g, "")));
    const descending = amounts(await totals());
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    await history.keyboard.press("Space");
    await expectSort(total, "ascending");
    const ascending = amounts(await totals());
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
  });

  it("searches as the user types, and clears the search from the keyboard", async () => {
    const all = await caption();
    await tabTo(history, "Item or order number", { back: true });
    await history.keyboard.type("PG-1");
    // The caption: the same words are in the search's status line too, for screen readers.
    await history.locator("caption").getByText("10 finished orders match").waitFor();
    await tabTo(history, "Clear the search");
    await history.keyboard.press("Enter");
    await history.locator("caption").getByText(all).waitFor();
    expect(await history.getByLabel("Item or order number").inputValue()).toBe("");
  });
});

describe("the options", () => {
  it("add a limit with the keyboard alone, and take the focus on when one is removed", async () => {
    const options = await scene.h.browser.openExtensionPage("options.html");
    await options.getByRole("heading", { level: 1 }).waitFor();
    await tabTo(options, "Add a limit");
    await options.keyboard.press("Enter");
    // The new row's amount has the focus; its currency comes first.
    await expect.poll(async () => (await focused(options)).name).toMatch(/^Limit in [A-Z]{3}$/);
    await options.keyboard.press("Shift+Tab");
    await expect.poll(async () => (await focused(options)).name).toBe("Currency");
    await options.keyboard.type("GBP");
    await options.keyboard.press("Tab");
    await expect.poll(async () => (await focused(options)).name).toBe("Limit in GBP");
    await options.keyboard.type("75");
    await options.keyboard.press("Enter");
    await options.getByRole("status").getByText("Saved.").waitFor();

    await options.reload();
    expect(await options.getByLabel("Limit in GBP").inputValue()).toBe("75.00");
    const remove = "Remove GBP limit (All shops · no period)";
    await tabTo(options, remove);
    await options.keyboard.press("Enter");
    await options.getByLabel("Limit in GBP").waitFor({ state: "detached" });
    await expect.poll(async () => (await focused(options)).name).toBe("Add a limit");
    await options.close();
  });
});

async function expectSort(header: Locator, order: "ascending" | "descending"): Promise<void> {
  await header.and(header.page().locator(`[aria-sort="${order}"]`)).waitFor();
}

/**
 * Enough finished orders for a second page of the history: copies of a delivered order under
 * new numbers (PG-00 …), added as a user would, through a history export and the options' import.
 */
async function addFinishedOrders(count: number): Promise<void> {
  const history = await scene.h.browser.openExtensionPage("order-history.html");
  const [file] = await Promise.all([history.waitForEvent("download"), history.getByRole("button", { name: "Export JSON" }).click()]);
  const backup = JSON.parse(await readFile(await file.path(), "utf8")) as {
    trades: { id: string; info: { tradingId: string; shop: { origin: string } } }[];
  };
  await history.close();
  const original = backup.trades.find((trade) => trade.info.tradingId === scene.showcase.delivered);
  if (original === undefined) throw new Error(`${scene.showcase.delivered} is not in the history export`);
  const trades = Array.from({ length: count }, (_, index) => {
    const tradingId = `PG-${String(index).padStart(2, "0")}`;
    const copy = structuredClone(original);
    copy.id = `${copy.info.shop.origin} ${tradingId}`;
    copy.info.tradingId = tradingId;
    return copy;
  });
  const options = await scene.h.browser.openExtensionPage("options.html");
  await options.getByLabel("Import backup…").setInputFiles({
    name: "copies.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify({ ...backup, trades })),
  });
  await options.getByRole("button", { name: "Add these orders" }).click();
  await options.getByText(`Added the ${count} orders from the file`, { exact: false }).waitFor();
  await options.close();
}
