// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen, within } from "@testing-library/preact";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { aTrade, NOW } from "../lib/domain/test-trades";
import type { Money, Trade } from "../lib/domain/types";
import type { Limit } from "../lib/settings/schema";
import { SpendingPicture, yScale } from "./SpendingChart";

afterEach(() => {
  cleanup();
  fakeBrowser.i18n.getUILanguage = () => "en";
});

const eur = (minor: number): Money => ({ minor, currency: "EUR" });

let serial = 0;
function order(total: Money, orderDate: string, paid: boolean): Trade {
  serial += 1;
  return aTrade({ info: { tradingId: `T-${serial}`, orderDate, total }, payment: { status: paid ? "settled" : "authorized" } });
}

// NOW is 20 Nov 2026: the picture runs from Dec 2025 to Nov 2026.
const TRADES = [
  order(eur(10000), "2026-11-03T10:00:00.000Z", true),
  order(eur(5000), "2026-11-18T10:00:00.000Z", false),
  order(eur(40000), "2026-10-10T10:00:00.000Z", true),
  order({ minor: 2000, currency: "USD" }, "2026-09-05T10:00:00.000Z", true),
];
const LIMITS: Limit[] = [{ id: "month", amount: eur(30000), shopOrigin: null, period: "calendar-month" }];

function renderPicture(trades = TRADES, limits = LIMITS) {
  render(<SpendingPicture trades={trades} limits={limits} now={NOW} timeZone="UTC" />);
  return screen.getByRole("region", { name: "Spending by month" });
}

const chartOf = (name: string) => screen.getByRole("heading", { level: 3, name }).closest(".spending-chart") as HTMLElement;

describe("SpendingPicture", () => {
  it("draws one chart per currency, each an image with a summary of its figures", () => {
    renderPicture();
    const images = screen.getAllByRole("img");
    expect(images.map((image) => image.getAttribute("aria-label"))).toEqual([
      "Spending in Euro per month, Dec 2025 to Nov 2026: €150.00 this month; the most was €400.00, in Oct 2026. " +
        "The monthly limit of €300.00 was passed in 1 month.",
      "Spending in US Dollar per month, Dec 2025 to Nov 2026: $0.00 this month; the most was $20.00, in Sep 2026. " +
        "No monthly limit is set for this currency.",
    ]);
    expect(screen.getAllByRole("heading", { level: 3 }).map((heading) => heading.textContent)).toEqual(["Euro (EUR)", "US Dollar (USD)"]);
  });

  it("stacks settled and unsettled bars in proportion, and marks the month over the limit", () => {
    renderPicture();
    const months = [...chartOf("Euro (EUR)").querySelectorAll(".chart-month")];
    expect(months).toHaveLength(12);
    const height = (month: Element | undefined, part: string) => Number(month?.querySelector(`.chart-bar-${part}`)?.getAttribute("height"));
    const [october, november] = months.slice(-2);
    expect(height(october, "settled") / height(november, "settled")).toBeCloseTo(4);
    expect(height(november, "unsettled") / height(november, "settled")).toBeCloseTo(0.5);
    expect(october?.querySelector(".chart-bar-unsettled")).toBeNull();
    expect(months.map((month) => month.classList.contains("chart-month-over"))).toEqual([...Array(10).fill(false), true, false]);
    expect(months.filter((month) => month.querySelector(".chart-over-mark") !== null)).toEqual([october]);
  });

  it("draws the monthly limit as a labelled line at its height, only where there is one", () => {
    renderPicture();
    const euro = chartOf("Euro (EUR)");
    const line = euro.querySelector(".chart-limit line");
    const top = [...euro.querySelectorAll(".chart-tick")].at(-1);
    // The axis tops out at the October bar (€400.00); the limit is three quarters of the way up.
    expect(top?.querySelector("text")?.textContent).toBe("€400.00");
    const zeroY = Number(euro.querySelector(".chart-axis")?.getAttribute("y1"));
    const topY = Number(top?.querySelector("line")?.getAttribute("y1"));
    expect((zeroY - Number(line?.getAttribute("y1"))) / (zeroY - topY)).toBeCloseTo(0.75);
    expect(euro.querySelector(".chart-limit text")?.textContent).toBe("Limit €300.00");
    expect(within(euro).getByText("Monthly limit")).toBeTruthy();
    const dollar = chartOf("US Dollar (USD)");
    expect(dollar.querySelector(".chart-limit")).toBeNull();
    expect(within(dollar).queryByText("Monthly limit")).toBeNull();
  });

  it("lists the same figures in a table, month by month, against the limit", () => {
    renderPicture();
    const table = within(chartOf("Euro (EUR)")).getByRole("table", { name: "Spending in EUR by month" });
    const rows = within(table).getAllByRole("row").map((row) => [...row.children].map((cell) => cell.textContent));
    expect(rows[0]).toEqual(["Month", "Settled", "Not settled yet", "Total", "Against the limit"]);
    expect(rows).toHaveLength(13);
    expect(rows[1]).toEqual(["Dec 2025", "€0.00", "€0.00", "€0.00", "€300.00 left"]);
    expect(rows.slice(-2)).toEqual([
      ["Oct 2026", "€400.00", "€0.00", "€400.00", "Over by €100.00"],
      ["Nov 2026", "€100.00", "€50.00", "€150.00", "€150.00 left"],
    ]);
    expect([...table.querySelectorAll(".chart-over-cell")].map((cell) => cell.textContent)).toEqual(["Over by €100.00"]);
    const dollars = within(chartOf("US Dollar (USD)")).getByRole("table");
    expect(within(dollars).getAllByRole("columnheader").map((header) => header.textContent)).not.toContain("Against the limit");
  });

  it("names months and amounts in the browser's language", () => {
    fakeBrowser.i18n.getUILanguage = () => "de";
    renderPicture();
    const table = within(chartOf("Euro (EUR)")).getByRole("table");
    const october = within(table).getByRole("rowheader", { name: "Okt. 2026" }).closest("tr");
    expect(october?.children[1]?.textContent).toBe("400,00\u00a0€");
    expect(chartOf("Euro (EUR)").querySelector(".chart-label-current")?.textContent).toBe("Nov");
  });

  it("says there is nothing to draw yet when nothing was ordered, even with a monthly limit set", () => {
    const region = renderPicture([], LIMITS);
    expect(within(region).getByRole("heading", { level: 3, name: "Nothing to draw yet" })).toBeTruthy();
    expect(within(region).queryByRole("img")).toBeNull();
  });
});

describe("yScale", () => {
  it.each<[string, number, string, number, number[]]>([
    ["a round maximum", 40000, "EUR", 40000, [0, 10000, 20000, 30000, 40000]],
    ["just past it: the next step up", 41000, "EUR", 60000, [0, 20000, 40000, 60000]],
    ["steps of 2.5 major units", 10000, "EUR", 10000, [0, 2500, 5000, 7500, 10000]],
    ["never a step below one major unit", 300, "EUR", 300, [0, 100, 200, 300]],
    ["nothing at all: one unit", 0, "EUR", 100, [0, 100]],
    ["a currency without minor units", 7, "JPY", 8, [0, 2, 4, 6, 8]],
    ["no 2.5 steps in whole yen", 10, "JPY", 10, [0, 5, 10]],
  ])("%s", (_case, max, currency, top, ticks) => {
    expect(yScale(max, currency)).toEqual({ top, ticks });
  });
});
