// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/preact";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { aTrade, NOW } from "../lib/domain/test-trades";
import type { Money } from "../lib/domain/types";
import type { Limit } from "../lib/settings/schema";
import { SpendingPanel } from "./SpendingPanel";

afterEach(() => {
  cleanup();
  fakeBrowser.i18n.getUILanguage = () => "en";
});

const eur = (minor: number): Money => ({ minor, currency: "EUR" });
const TRADES = [
  aTrade({ info: { tradingId: "A", total: eur(5997) } }),
  aTrade({ info: { tradingId: "B", total: eur(3500) }, payment: { status: "settled" } }),
];

function aLimit(overrides: Partial<Limit> = {}): Limit {
  return { id: "l1", amount: eur(10000), shopOrigin: null, period: "calendar-month", ...overrides };
}

function renderPanel(limits: Limit[], trades = TRADES) {
  const onOpenOptions = vi.fn();
  render(<SpendingPanel trades={trades} limits={limits} now={NOW} timeZone="UTC" onOpenOptions={onOpenOptions} />);
  return { region: screen.getByRole("region", { name: "Spending" }), onOpenOptions };
}

describe("SpendingPanel", () => {
  it("shows a meter per limit, named by what it counts, with what is left under it", () => {
    const { region } = renderPanel([aLimit()]);
    const meter = within(region).getByLabelText("€94.97 of €100.00 · All shops · this month");
    expect(meter.tagName).toBe("METER");
    expect(meter.getAttribute("aria-valuetext")).toBe("€94.97 of €100.00");
    expect(within(region).getByText("€5.03 left")).toBeTruthy();
    expect(within(region).queryByRole("alert")).toBeNull();
    expect(meter.closest(".meter")?.classList.contains("meter-over")).toBe(false);
  });

  it("marks a limit that is over in words and in the meter's state, not in colour alone", () => {
    const { region } = renderPanel([aLimit({ amount: eur(5000), period: "none" })]);
    expect(within(region).getByRole("alert").textContent).toBe(
      "Unsettled spending of €59.97 is above your €50.00 limit (All shops · no period).",
    );
    const meter = within(region).getByLabelText("€59.97 of €50.00 · All shops · no period");
    expect(meter.closest(".meter")?.classList.contains("meter-over")).toBe(true);
    expect(within(region).queryByText(/left$/)).toBeNull();
  });

  it("names a limit's shop, or its host when the ledger has no name for it", () => {
    renderPanel([aLimit({ shopOrigin: "https://green-leaf.example", period: "rolling-30-days" })]);
    expect(screen.getByLabelText("€94.97 of €100.00 · Green Leaf Tea · last 30 days")).toBeTruthy();
    cleanup();
    renderPanel([aLimit({ shopOrigin: "https://unknown.example:8443", period: "calendar-week" })]);
    expect(screen.getByLabelText(/ · unknown\.example:8443 · this week$/)).toBeTruthy();
  });

  it("offers the options when no limit is set, with the totals per currency", () => {
    const { region, onOpenOptions } = renderPanel([]);
    fireEvent.click(within(region).getByRole("button", { name: "Set a spending limit in Options" }));
    expect(onOpenOptions).toHaveBeenCalledTimes(1);
    expect(region.querySelector("meter")).toBeNull();
    const totals = [...region.querySelectorAll(".spending-totals > div")].map((entry) => entry.textContent);
    expect(totals).toEqual(["Not settled yet€59.97", "Ordered this month€94.97"]);
  });

  it("formats amounts in the browser's language", () => {
    fakeBrowser.i18n.getUILanguage = () => "de";
    renderPanel([aLimit()]);
    // The query collapses the no-break spaces of the German amounts.
    expect(screen.getByLabelText("94,97 € of 100,00 € · All shops · this month").getAttribute("aria-valuetext")).toBe(
      "94,97\u00a0€ of 100,00\u00a0€",
    );
  });
});
