import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKUP_FORMAT, BACKUP_VERSION } from "../../lib/backup/backup";
import { DB_VERSION } from "../../lib/db/schema";
import { PAGE_SIZE } from "../../lib/domain/popup-view";
import { aTrade, aWarning } from "../../lib/domain/test-trades";
import type { Trade } from "../../lib/domain/types";
import { launchWithExtension, type ExtensionBrowser } from "./support/browser";
import { until } from "./support/until";

const DAY_MS = 24 * 60 * 60 * 1000;
const UNDELIVERED = 3 * PAGE_SIZE + 5;
const now = Date.now();

/** Orders on their way, one a day back from today, none asked anywhere (no endpoints); the oldest has a warning. */
const trades: Trade[] = Array.from({ length: UNDELIVERED }, (_, index) =>
  aTrade({
    info: {
      tradingId: `TW-${1000 + index}`,
      orderDate: new Date(now - index * DAY_MS).toISOString(),
      capturedAt: new Date(now - index * DAY_MS).toISOString(),
      endpoints: { shop: null, payment: null, delivery: null },
    },
    delivery: { status: "in_transit" },
    payment: { status: "settled" },
    warnings: index === UNDELIVERED - 1 ? [aWarning({ code: "delivery-overdue", source: "delivery", message: "The parcel is late", firstSeenAt: new Date(now).toISOString() })] : [],
  }),
);
const oldest = trades.at(-1) as Trade;
const label = (trade: Trade) => `Order ${trade.info.tradingId} at Green Leaf Tea`;

let browser: ExtensionBrowser;
let dir: string;

beforeAll(async () => {
  browser = await launchWithExtension();
  dir = await mkdtemp(join(tmpdir(), "tradewatch-scale-"));
  // Added through the options page's import (the product's own write path), as a selection of orders.
  const file = join(dir, "orders.json");
  const backup = { format: BACKUP_FORMAT, version: BACKUP_VERSION, scope: "selection", exportedAt: new Date(now).toISOString(), dbVersion: DB_VERSION, trades, settings: null };
  await writeFile(file, JSON.stringify(backup));
  const options = await browser.openExtensionPage("options.html");
  await options.getByLabel("Import backup…").setInputFiles(file);
  await options.getByRole("button", { name: "Add these orders" }).click();
  await options.getByRole("status").getByText(`Added the ${UNDELIVERED} orders from the file`, { exact: false }).waitFor();
  await options.close();
});

afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The popup renders the lists' first cards in its first frame and the rest of their pages in the next. */
async function listsComplete(popup: Page): Promise<void> {
  await until(() => popup.evaluate(() => performance.getEntriesByName("tradewatch:popup-lists-complete").length > 0), "every card of the lists' pages");
}

describe("the popup with a long ledger", () => {
  it("shows a page of each list with its whole count, a page more on Show more (by keyboard), and keeps it on reload", async () => {
    const popup = await browser.openExtensionPage("popup.html");
    const list = popup.getByRole("region", { name: `Not delivered yet (${UNDELIVERED})` });
    await list.waitFor();
    expect(await popup.evaluate(() => performance.getEntriesByName("tradewatch:popup-ready").length)).toBe(1);
    await listsComplete(popup);
    expect(await list.getByRole("article").count()).toBe(PAGE_SIZE);
    expect(await list.getByRole("article").first().getAttribute("aria-label")).toBe(label(trades[0] as Trade));
    await list.getByText(`Showing ${PAGE_SIZE} of ${UNDELIVERED}`).waitFor();
    // The oldest order's warning is listed though its card is pages away.
    await popup.getByRole("alert").getByText("The parcel is late").waitFor();

    const more = list.getByRole("button", { name: "Show more" });
    await more.focus();
    await popup.keyboard.press("Enter");
    await list.getByText(`Showing ${2 * PAGE_SIZE} of ${UNDELIVERED}`).waitFor();
    expect(await list.getByRole("article").count()).toBe(2 * PAGE_SIZE);
    expect(await more.evaluate((button) => button === document.activeElement)).toBe(true);

    // A change to the ledger while open: the popup reads the same lists again, as far as shown.
    await popup.getByRole("button", { name: "Acknowledge: The parcel is late" }).click();
    await popup.getByText("1 acknowledged").waitFor();
    expect(await list.getByRole("article").count()).toBe(2 * PAGE_SIZE);
    await popup.close();
  });

  it("shows the order a notification was about even when it is beyond the first page", async () => {
    const popup = await browser.openExtensionPage(`popup.html?trade=${encodeURIComponent(oldest.id)}`);
    const card = popup.getByRole("article", { name: label(oldest) });
    await card.waitFor();
    expect(await card.getAttribute("aria-current")).toBe("true");
    await listsComplete(popup);
    const list = popup.getByRole("region", { name: `Not delivered yet (${UNDELIVERED})` });
    expect(await list.getByRole("article").count()).toBe(PAGE_SIZE + 1);
    await popup.close();
  });
});
