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
    await overLimit.waitFor({ state: "detached" });
    expect(await meter.getAttribute("value")).toBe("0");
  });
});
