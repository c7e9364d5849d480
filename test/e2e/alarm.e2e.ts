import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "./support/harness";
import { startHarness } from "./support/harness";
import { until } from "./support/until";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe("the poll queue in Chromium", () => {
  it("asks the new order's endpoints on its own, driven by the one alarm, with no click", async () => {
    const { page, tradingId } = await h.placeOrder({ "Green tea": 1 });
    await page.close();
    const alarm = await h.browser.worker.evaluate(() => chrome.alarms.get("tradewatch-poll"));
    expect(alarm).toBeDefined();

    // Chrome fires an alarm 30 s after it is set at the earliest (less for unpacked extensions).
    const asked = await until(
      async () => {
        const stats = await h.control.stats();
        const counts = stats.byOrder[tradingId];
        return counts && counts.shop.requests > 0 && counts.payment.requests > 0 && counts.delivery.requests > 0 ? counts : null;
      },
      "the alarm-driven poll of the new order",
      60_000,
    );
    expect(asked.payment.requests).toBeGreaterThanOrEqual(1);

    const popup = await h.openPopup();
    const card = popup.getByRole("article", { name: `Order ${tradingId} at Reference Shop` });
    await card.getByText("Pending").first().waitFor();
    // After the round the alarm points at the next scheduled check, not at a past time.
    const next = await h.browser.worker.evaluate(() => chrome.alarms.get("tradewatch-poll"));
    expect(next?.scheduledTime).toBeGreaterThan(Date.now() - 1000);
    await popup.close();
  });
});
