import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness, type ShopHarness } from "./support/harness";

/**
 * The transaction manager in Chromium against two reference shops (issue 4): confirm one,
 * all or nothing across shops (commit and abort), personal information only at commit, a
 * return with its refund, a reorder, "since your last visit", and the history view.
 */

const PROFILE = { name: "Ada Lovelace", address: "12 St James's Square, London SW1Y 4JH", email: "ada@example.org" };

let h: Harness & { second: ShopHarness };
let popup: Page;

beforeAll(async () => {
  h = await startHarness({ second: { shopName: "Glass Shop", tradingIdPrefix: "GS-" } });
  // The delivery profile is set in the options page, as a user would.
  const options = await h.browser.openExtensionPage("options.html");
  const profile = options.getByRole("region", { name: "Delivery details" });
  await profile.getByLabel("Name").fill(PROFILE.name);
  await profile.getByLabel("Postal address").fill(PROFILE.address);
  await profile.getByLabel("E-mail").fill(PROFILE.email);
  await options.getByRole("button", { name: "Save", exact: true }).click();
  await options.getByText("Saved.").waitFor();
  await options.close();
});

afterAll(async () => {
  await h?.close();
});

const card = (page: Page, tradingId: string, shop = "Reference Shop") => page.getByRole("article", { name: `Order ${tradingId} at ${shop}` });

/** Places an order at `shop` and brings it to delivered (payment only authorised, as marketplaces hold it). */
async function deliveredOrder(shop: ShopHarness, quantities: Record<string, number>): Promise<string> {
  const { page, tradingId } = await shop.placeOrder(quantities);
  await page.locator("#tradewatch-badge").getByText(`TradeWatch is now tracking order ${tradingId}`).waitFor();
  await page.close();
  await shop.control.authorize(tradingId);
  await shop.control.ship(tradingId, "1Z999AA10123456784");
  await shop.control.deliver(tradingId);
  return tradingId;
}

async function placedOrder(shop: ShopHarness, quantities: Record<string, number>): Promise<string> {
  const { page, tradingId } = await shop.placeOrder(quantities);
  await page.locator("#tradewatch-badge").getByText(`TradeWatch is now tracking order ${tradingId}`).waitFor();
  await page.close();
  return tradingId;
}

async function freshPopup(): Promise<Page> {
  await popup?.close();
  popup = await h.openPopup();
  await popup.getByRole("button", { name: "Check now" }).click();
  await popup.getByRole("button", { name: "Check now" }).waitFor();
  return popup;
}

describe("the transaction manager in Chromium", () => {
  it("confirms one order: the command goes to the shop, its completion notice comes back", async () => {
    const tradingId = await deliveredOrder(h, { "Green tea": 1 });
    const page = await freshPopup();
    const order = card(page, tradingId);
    await order.getByRole("button", { name: "Confirm receipt" }).click();
    await order.getByRole("status").filter({ hasText: /complete/i }).waitFor();
    await order.getByText("Completed", { exact: true }).first().waitFor();

    const received = await h.control.received(tradingId);
    expect(received.map((r) => r.command)).toEqual(["confirm"]);
    expect(received[0]?.personalInfo).toEqual(PROFILE);
    const [shopOrder] = (await h.control.orders()).filter((o) => o.tradingId === tradingId);
    expect(shopOrder?.outcome).toBe("completed");
  });

  it("confirms three orders at two shops together: prepare everywhere, then commit everywhere", async () => {
    const a1 = await deliveredOrder(h, { "Stoneware mug": 2 });
    const a2 = await deliveredOrder(h, { "Cast-iron teapot": 1 });
    const b1 = await deliveredOrder(h.second, { "Steel kettle": 1 });
    const page = await freshPopup();
    await page.getByRole("button", { name: "Select orders" }).click();
    for (const [id, shop] of [[a1, "Reference Shop"], [a2, "Reference Shop"], [b1, "Glass Shop"]] as const) {
      await page.getByLabel(`Select order ${id} at ${shop}`).check();
    }
    await page.getByRole("button", { name: "Confirm all" }).click();
    const progress = page.getByRole("region", { name: "Orders finalised together" });
    await progress.getByText("All 3 orders confirmed").waitFor({ timeout: 20_000 });

    for (const [shop, id] of [[h, a1], [h, a2], [h.second, b1]] as const) {
      const received = await shop.control.received(id);
      expect(received.map((r) => r.command)).toEqual(["prepare", "commit"]);
      // Personal information only in the commit of a completion (seed 000 claim 4).
      expect(received[0]?.personalInfo ?? null).toBeNull();
      expect(received[1]?.personalInfo).toEqual(PROFILE);
      expect((await shop.control.orders()).find((o) => o.tradingId === id)?.outcome).toBe("completed");
    }
    await card(page, b1, "Glass Shop").getByText(/Glass Shop/).first().waitFor();
    expect(await card(page, b1, "Glass Shop").innerText()).toMatch(/sent to Glass Shop/i);
  });

  it("cancels nothing when one shop refuses: every shop gets the abort", async () => {
    const a1 = await placedOrder(h, { "Green tea": 3 });
    const a2 = await placedOrder(h, { "Stoneware mug": 1 });
    const b1 = await placedOrder(h.second, { "Green tea": 1 });
    await h.second.control.commandPolicy(b1, { refuse: ["cancel"], message: "Already packed" });
    const page = await freshPopup();
    await page.getByRole("button", { name: "Select orders" }).click();
    for (const [id, shop] of [[a1, "Reference Shop"], [a2, "Reference Shop"], [b1, "Glass Shop"]] as const) {
      await page.getByLabel(`Select order ${id} at ${shop}`).check();
    }
    await page.getByRole("button", { name: "Cancel all" }).click();
    await page.getByRole("group", { name: "Cancel 3 orders at 2 shops?" }).getByRole("button", { name: "Cancel all" }).click();
    const progress = page.getByRole("region", { name: "Orders finalised together" });
    await progress.getByText(/Nothing was changed: Glass Shop refused/).waitFor({ timeout: 20_000 });

    for (const [shop, id] of [[h, a1], [h, a2], [h.second, b1]] as const) {
      const commands = (await shop.control.received(id)).map((r) => r.command);
      expect(commands).toContain("abort");
      expect(commands).not.toContain("commit");
      const order = (await shop.control.orders()).find((o) => o.tradingId === id);
      expect(order?.status.shop).not.toBe("cancelled");
      expect(order?.hold ?? null).toBeNull();
    }
    await card(page, a1).getByText("Open", { exact: true }).first().waitFor();
  });

  it("returns an item and follows the refund", async () => {
    const tradingId = await deliveredOrder(h, { "Green tea": 2 });
    await h.control.settle(tradingId);
    const page = await freshPopup();
    const order = card(page, tradingId);
    await order.getByRole("button", { name: "Return items…" }).click();
    const form = order.getByRole("form", { name: `Return items of order ${tradingId}` });
    await form.getByLabel(/Green tea/).fill("1");
    await form.getByLabel("Reason").selectOption("Damaged or faulty");
    await form.getByRole("button", { name: "Send return request" }).click();
    await order.getByRole("status").filter({ hasText: /Return accepted/ }).waitFor();
    const [request] = (await h.control.received(tradingId)).filter((r) => r.command === "return");
    expect(request).toBeDefined();

    const shopOrder = (await h.control.orders()).find((o) => o.tradingId === tradingId);
    const returnId = shopOrder?.returns[0]?.returnId ?? "";
    await h.control.receiveReturn(tradingId, returnId);
    await h.control.refundReturn(tradingId, returnId);
    const after = await freshPopup();
    await card(after, tradingId).getByText(/Refunded/).first().waitFor();
  });

  it("reorders part of an order: the new order is tracked as a new trade linked to the original", async () => {
    const tradingId = await placedOrder(h, { "Green tea": 2, "Steel kettle": 1 });
    const page = await freshPopup();
    const order = card(page, tradingId);
    await order.getByRole("button", { name: "Reorder…" }).click();
    const form = order.getByRole("form", { name: `Reorder items of order ${tradingId}` });
    await form.getByLabel(/Steel kettle/).fill("0");
    await form.getByLabel(/Green tea/).fill("5");
    await form.getByRole("button", { name: "Order again" }).click();
    const status = order.getByRole("status").filter({ hasText: /Ordered again as/ });
    await status.waitFor();
    const newId = /Ordered again as ([^.\s]+)/.exec(await status.innerText())?.[1] ?? "";
    const created = card(page, newId);
    await created.waitFor();
    expect(await created.innerText()).toContain(`Reorder of ${tradingId}`);
    const shopOrder = (await h.control.orders()).find((o) => o.tradingId === newId);
    expect(shopOrder?.items.map((item) => [item.sku, item.quantity])).toEqual([["TEA-GREEN", 5]]);
  });

  it("sums up what changed since the last visit, once", async () => {
    const page = await freshPopup();
    await page.close();
    const tradingId = await placedOrder(h, { "Cast-iron teapot": 1 });
    await h.control.settle(tradingId);
    await h.control.ship(tradingId);
    await h.control.deliver(tradingId);
    // The background learns of it while no popup is open (asked from the options page here; the alarm would too).
    const options = await h.browser.openExtensionPage("options.html");
    await options.evaluate(() => chrome.runtime.sendMessage({ type: "check-now" }));
    await options.close();

    const back = await h.openPopup();
    const summary = back.getByRole("region", { name: "Since your last visit" });
    await summary.getByText(tradingId).first().waitFor();
    const text = await summary.innerText();
    expect(text).toMatch(new RegExp(`${tradingId}.*was delivered`));
    expect(text).toMatch(new RegExp(`${tradingId}.*was paid`));
    await back.close();
    // Shown once: the popup's cursor is past these changes, so the next opening does not list them.
    const again = await h.openPopup();
    const unseen = await again.evaluate(async (id) => {
      const cursor = Number((await chrome.storage.local.get("changesSeenByPopup")).changesSeenByPopup ?? 0);
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open("tradewatch");
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const entries = await new Promise<{ seq: number; tradingId: string }[]>((resolve) => {
        const all = db.transaction("changes").objectStore("changes").getAll();
        // One record per transaction, holding its changes (DB version 4).
        all.onsuccess = () => resolve(all.result.flatMap((batch: { entries: { seq: number; tradingId: string }[] }) => batch.entries));
      });
      db.close();
      return entries.filter((entry) => entry.tradingId === id).map((entry) => entry.seq > cursor);
    }, tradingId);
    expect(unseen.length).toBeGreaterThanOrEqual(2);
    expect(unseen.every((isUnseen) => !isUnseen)).toBe(true);
    expect(await again.getByRole("region", { name: "Since your last visit" }).getByText(tradingId).count()).toBe(0);
    await again.close();
  });

  it("searches the history of finished orders and exports the selection as CSV", async () => {
    const history = await h.browser.openExtensionPage("order-history.html");
    await history.getByLabel("Item or order number").fill("kettle");
    const table = history.getByRole("table");
    await table.getByRole("row").nth(1).waitFor();
    const rows = await table.getByRole("row").allInnerTexts();
    expect(rows.slice(1).every((row) => /GS-|TW-/.test(row))).toBe(true);
    expect(rows.slice(1).length).toBeGreaterThan(0);
    const [download] = await Promise.all([history.waitForEvent("download"), history.getByRole("button", { name: "Export CSV" }).click()]);
    const csv = await readFile(await download.path(), "utf8");
    const [header, ...lines] = csv.trim().split(/\r?\n/);
    expect(header).toMatch(/trading id/i);
    expect(lines.length).toBe(rows.length - 1);
    expect(lines.every((line) => /kettle/i.test(line))).toBe(true);
    await history.close();
  });
});

