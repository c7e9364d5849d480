import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import type { ExtensionBrowser } from "./browser";
import { startHarness, type Harness, type ShopHarness } from "./harness";

export interface DeliveryProfile {
  name: string;
  address: string;
  email: string;
}

export interface OptionsInput {
  /** A limit for all shops, without a period; `amount` as a user types it, e.g. "100.00". */
  limit: { currency: string; amount: string };
  profile?: DeliveryProfile;
}

/** Fills the options page as a user would and saves it (one Save covers the whole page). */
export async function fillOptions(browser: ExtensionBrowser, input: OptionsInput): Promise<void> {
  const options = await browser.openExtensionPage("options.html");
  const { currency, amount } = input.limit;
  await options.getByRole("button", { name: "Add a limit" }).click();
  await options.getByLabel("Currency").selectOption(currency);
  await options.getByLabel(`Limit in ${currency}`).fill(amount);
  if (input.profile !== undefined) {
    const profile = options.getByRole("region", { name: "Delivery details" });
    await profile.getByLabel("Name").fill(input.profile.name);
    await profile.getByLabel("Postal address").fill(input.profile.address);
    await profile.getByLabel("E-mail").fill(input.profile.email);
  }
  await options.getByRole("button", { name: "Save", exact: true }).click();
  await options.getByRole("status").getByText("Saved.").waitFor();
  await options.close();
}

/** The orders of a showcase ledger and the confirmation page of the last one, still open. */
export interface Showcase {
  /** Delivered and paid at the first shop: finished. */
  delivered: string;
  /** Charged €39.00 for a €34.00 order at the first shop, and shipped: a warning. */
  overcharged: string;
  /** Placed last, not paid: it takes the unsettled total over the €100.00 limit. */
  unpaid: string;
  /** Paid (authorised only) and on its way, at the second shop. */
  inTransit: string;
  /** Cancelled by the second shop: finished, failed. */
  cancelled: string;
  /** Delivered and paid at the second shop: finished. */
  deliveredSecond: string;
  /** The confirmation page of `unpaid`, with TradeWatch's badge. */
  confirmation: Page;
  /** The popup with every order's latest statuses and the warnings, having shown the changes since the last visit. */
  popup: Page;
}

/**
 * A realistic ledger at two shops for screenshots and page-level checks: a €100.00 limit and
 * delivery details, two unpaid orders going over the limit, an amount charged that differs from
 * the order, an order in transit, and three finished orders (two delivered and paid, one
 * cancelled) for the history. Statuses move through the servers' control interface; TradeWatch
 * learns them from "Check now".
 */
export async function stageShowcase(h: Harness & { second: ShopHarness }): Promise<Showcase> {
  await fillOptions(h.browser, {
    limit: { currency: "EUR", amount: "100.00" },
    profile: { name: "Sam Example", address: "1 Sample Street, 10115 Berlin", email: "sam@example.org" },
  });
  const delivered = await placed(h, { "Green tea": 2, "Stoneware mug": 1 });
  const overcharged = await placed(h, { "Cast-iron teapot": 1 });
  const inTransit = await placed(h.second, { "Stoneware mug": 4 });
  const cancelled = await placed(h.second, { "Green tea": 3 });
  const deliveredSecond = await placed(h.second, { "Cast-iron teapot": 1 });

  for (const [shop, id] of [[h, delivered], [h.second, deliveredSecond]] as const) {
    await shop.control.settle(id);
    await shop.control.ship(id);
    await shop.control.deliver(id);
  }
  await h.control.settle(overcharged, { minor: 3900, currency: "EUR" });
  await h.control.ship(overcharged);
  await h.second.control.authorize(inTransit);
  await h.second.control.ship(inTransit);
  await h.second.control.cancel(cancelled);

  const { page: confirmation, tradingId: unpaid } = await h.placeOrder({ "Steel kettle": 1, "Green tea": 2 });

  const popup = await h.openPopup();
  await popup.getByRole("button", { name: "Check now" }).click();
  await popup.getByRole("alert").filter({ hasText: overcharged }).waitFor();
  await popup.getByRole("alert").filter({ hasText: "limit" }).waitFor();
  // What the check changed is shown once, on the next opening; after it the popup opens without it.
  await popup.reload();
  await popup.getByRole("region", { name: "Since your last visit" }).waitFor();
  return { delivered, overcharged, unpaid, inTransit, cancelled, deliveredSecond, confirmation, popup };
}

async function placed(shop: ShopHarness, quantities: Record<string, number>): Promise<string> {
  const { page, tradingId } = await shop.placeOrder(quantities);
  await page.close();
  return tradingId;
}

export interface ShowcaseScene {
  h: Harness & { second: ShopHarness };
  showcase: Showcase;
}

/** A test file's harness with a second shop and the showcase staged, ready before its tests and closed after them. */
export function useShowcase(): ShowcaseScene {
  const scene = {} as ShowcaseScene;
  beforeAll(async () => {
    scene.h = await startHarness({ second: {} });
    scene.showcase = await stageShowcase(scene.h);
  }, 120_000);
  afterAll(async () => {
    await scene.h?.close();
  });
  return scene;
}

/** A trade's card, by its accessible name. */
export const cardName = (tradingId: string) => new RegExp(`^Order ${tradingId} at`);
export const tradeCard = (page: Page, tradingId: string): Locator => page.getByRole("article", { name: cardName(tradingId) });
