import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./support/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe("spending limit in Chromium", () => {
  it("saves a limit in options that the popup then uses, and warns when unsettled spending is above it", async () => {
    const options = await h.browser.openExtensionPage("options.html");
    await options.getByRole("button", { name: "Add a limit" }).click();
    await options.getByLabel("Currency").selectOption("EUR");
    await options.getByLabel("Limit in EUR").fill("50.00");
    await options.getByRole("button", { name: "Save" }).click();
    await options.getByRole("status").getByText("Saved.").waitFor();

    await options.getByLabel("Limit in EUR").fill("12,5x");
    await options.getByRole("button", { name: "Save" }).click();
    expect(await options.getByLabel("Limit in EUR").getAttribute("aria-invalid")).toBe("true");

    await options.reload();
    expect(await options.getByLabel("Limit in EUR").inputValue()).toBe("50.00");

    const first = await h.placeOrder({ "Cast-iron teapot": 1 });
    await first.page.close();
    const popup = await h.openPopup();
    await popup.getByRole("article", { name: `Order ${first.tradingId} at Reference Shop` }).waitFor();
    const meter = popup.getByRole("meter");
    expect(await meter.getAttribute("value")).toBe("3400");
    expect(await popup.getByRole("alert").filter({ hasText: "limit" }).count()).toBe(0);

    const second = await h.placeOrder({ "Steel kettle": 1 });
    await second.page.close();
    await popup.reload();
    const overLimit = popup.getByRole("alert").filter({ hasText: "above your €50.00 limit" });
    await overLimit.waitFor();
    expect(await overLimit.innerText()).toContain("€93.00");

    // Settling both orders brings the unsettled total back under the limit and the warning goes.
    await h.control.settle(first.tradingId);
    await h.control.settle(second.tradingId);
    await popup.getByRole("button", { name: "Check now" }).click();
    await popup.locator('meter[value="0"]').waitFor();
    expect(await overLimit.count()).toBe(0);
  });
});

describe("backup in Chromium", () => {
  it("exports the ledger and settings to a file that imports back, with a preview first", async () => {
    const { page, tradingId } = await h.placeOrder({ "Green tea": 1 });
    await page.close();
    const options = await h.browser.openExtensionPage("options.html");
    const [download] = await Promise.all([
      options.waitForEvent("download"),
      options.getByRole("button", { name: "Export backup" }).click(),
    ]);
    const file = await download.path();
    await options.getByRole("status").getByText(/Exported \d+ orders? and your settings/).waitFor();

    await options.getByLabel("Import backup…").setInputFiles(file);
    await options.getByRole("group").getByText(/Importing it replaces the \d+ orders? now in TradeWatch/).waitFor();
    await options.getByRole("button", { name: "Replace my ledger with this backup" }).click();
    await options.getByRole("status").getByText(/Your ledger now holds the \d+ orders? and the settings from the backup/).waitFor();
    expect(await options.getByLabel("Limit in EUR").inputValue()).toBe("50.00");

    const popup = await h.openPopup();
    await popup.getByRole("article", { name: `Order ${tradingId} at Reference Shop` }).waitFor();
    await popup.close();

    await options.getByLabel("Import backup…").setInputFiles({ name: "broken.json", mimeType: "application/json", buffer: Buffer.from('{"format":"tradewatch-backup","version":1,') });
    await options.getByRole("alert").waitFor();
    expect(await options.getByRole("button", { name: "Replace my ledger with this backup" }).count()).toBe(0);
  });
});
