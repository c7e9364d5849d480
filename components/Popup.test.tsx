// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/preact";
import { formatMoney } from "../lib/domain/money";
import { aTrade, NOW } from "../lib/domain/test-trades";
import type { Money, Trade } from "../lib/domain/types";
import { Popup, type PopupProps } from "./Popup";

afterEach(cleanup);

const eur = (minor: number): Money => ({ minor, currency: "EUR" });

/** Delivered and settled: finished. */
const finished = aTrade({
  info: { tradingId: "TW-1", total: eur(1000) },
  delivery: { status: "delivered" },
  payment: { status: "settled" },
});
/** On its way, not yet paid. */
const travelling = aTrade({
  info: { tradingId: "TW-2", total: eur(5997) },
  delivery: { status: "in_transit" },
  payment: { status: "authorized" },
});
/** Paid, not yet shipped. */
const paid = aTrade({
  info: { tradingId: "TW-3", total: eur(2500) },
  delivery: { status: "pending" },
  payment: { status: "settled" },
});

function renderPopup(overrides: Partial<PopupProps> = {}) {
  const props: PopupProps = {
    trades: [finished, travelling, paid],
    limits: [],
    now: NOW,
    checking: false,
    onCheckNow: vi.fn(),
    onOpenOptions: vi.fn(),
    siteAccess: null,
    notice: null,
    ...overrides,
  };
  render(<Popup {...props} />);
  return props;
}

/** The section a heading names, to look inside it. */
function sectionOf(headingName: string): HTMLElement {
  const section = screen.getByRole("heading", { name: headingName }).closest("section");
  if (!section) throw new Error(`no section around ${headingName}`);
  return section;
}

function orderIds(section: HTMLElement): string[] {
  return within(section)
    .queryAllByRole("article")
    .map((article) => article.getAttribute("aria-label") ?? "");
}

describe("Popup header", () => {
  it("counts open orders and offers Check now and Options", () => {
    const props = renderPopup();
    expect(screen.getByRole("heading", { level: 1, name: "TradeWatch" })).toBeTruthy();
    expect(screen.getByText("2 open orders")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Check now" }));
    fireEvent.click(screen.getByRole("button", { name: "Options" }));
    expect(props.onCheckNow).toHaveBeenCalledTimes(1);
    expect(props.onOpenOptions).toHaveBeenCalledTimes(1);
  });

  it("disables Check now while checking", () => {
    const props = renderPopup({ checking: true });
    const button = screen.getByRole("button", { name: "Checking…" }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    fireEvent.click(button);
    expect(props.onCheckNow).not.toHaveBeenCalled();
  });

  it("says when no order is open", () => {
    renderPopup({ trades: [finished] });
    expect(screen.getByText("No open orders")).toBeTruthy();
  });

  it("shows the wiring's notice as a status message", () => {
    renderPopup({ notice: "Could not reach the background" });
    expect(screen.getByRole("status").textContent).toBe("Could not reach the background");
  });
});

describe("Popup empty state", () => {
  it("explains what TradeWatch does when there are no orders", () => {
    renderPopup({ trades: [] });
    expect(screen.getByText(/private list of your orders on this computer/)).toBeTruthy();
    expect(screen.getByText(/Nothing is sent anywhere except to the shop's own status addresses/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Track orders/ })).toBeNull();
    expect(screen.queryByRole("group", { name: "Group by" })).toBeNull();
  });

  it("offers to track orders on the current site and calls onGrant", () => {
    const onGrant = vi.fn();
    renderPopup({ trades: [], siteAccess: { origin: "https://shop.example", granted: false, onGrant } });
    fireEvent.click(screen.getByRole("button", { name: "Track orders on shop.example" }));
    expect(onGrant).toHaveBeenCalledTimes(1);
    expect(screen.getByText(/read order confirmation pages on this site/)).toBeTruthy();
  });

  it("says when the current site is already tracked", () => {
    renderPopup({ trades: [], siteAccess: { origin: "https://shop.example:8443", granted: true, onGrant: vi.fn() } });
    expect(screen.getByText("Orders on shop.example:8443 are tracked.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Track orders/ })).toBeNull();
  });
});

describe("Popup grouping", () => {
  it("groups by delivery by default, with counts", () => {
    renderPopup();
    const group = screen.getByRole("group", { name: "Group by" });
    expect((within(group).getByRole("radio", { name: "Delivery" }) as HTMLInputElement).checked).toBe(true);
    expect(orderIds(sectionOf("Not delivered yet (2)"))).toEqual([
      "Order TW-2 at Green Leaf Tea",
      "Order TW-3 at Green Leaf Tea",
    ]);
    expect(orderIds(sectionOf("Delivered (1)"))).toEqual(["Order TW-1 at Green Leaf Tea"]);
  });

  it("groups by payment when asked", () => {
    renderPopup();
    fireEvent.click(screen.getByRole("radio", { name: "Payment" }));
    expect(orderIds(sectionOf("Not settled yet (1)"))).toEqual(["Order TW-2 at Green Leaf Tea"]);
    expect(orderIds(sectionOf("Settled (2)"))).toEqual(["Order TW-1 at Green Leaf Tea", "Order TW-3 at Green Leaf Tea"]);
    expect(screen.queryByRole("heading", { name: /Not delivered yet/ })).toBeNull();
  });

  it("says None for an empty group", () => {
    renderPopup({ trades: [travelling] });
    const delivered = sectionOf("Delivered (0)");
    expect(within(delivered).getByText("None")).toBeTruthy();
    expect(orderIds(delivered)).toEqual([]);
  });
});

describe("Popup warnings", () => {
  const warned: Trade = aTrade({
    info: { tradingId: "TW-9", total: eur(5997) },
    warnings: [
      {
        code: "amount-mismatch",
        source: "payment",
        message: "Charged €65.00, but the order total is €59.97",
        firstSeenAt: NOW,
      },
    ],
  });

  it("lists each warning as an alert naming the trading identifier and shop", () => {
    renderPopup({ trades: [warned, finished] });
    const warnings = sectionOf("Warnings");
    const alert = within(warnings).getByRole("alert");
    expect(alert.textContent).toBe("TW-9 at Green Leaf Tea — Charged €65.00, but the order total is €59.97");
  });

  it("comes before the spending and the orders", () => {
    renderPopup({ trades: [warned] });
    const headings = screen.getAllByRole("heading", { level: 2 }).map((heading) => heading.textContent);
    expect(headings.slice(0, 2)).toEqual(["Warnings", "Not settled yet"]);
  });

  it("is left out when there are no warnings", () => {
    renderPopup();
    expect(screen.queryByRole("heading", { name: "Warnings" })).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
  });
});

describe("Popup spending", () => {
  const dollars = aTrade({
    info: { tradingId: "TW-4", total: { minor: 1250, currency: "USD" } },
    payment: { status: "pending" },
  });

  it("totals what is not settled, per currency", () => {
    renderPopup({ trades: [finished, travelling, paid, dollars] });
    const spending = sectionOf("Not settled yet");
    expect(spending.textContent).toContain(formatMoney(eur(5997)));
    expect(spending.textContent).toContain(formatMoney({ minor: 1250, currency: "USD" }));
    expect(spending.textContent).not.toContain(formatMoney(eur(5997 + 1000)));
  });

  it("hints at setting a limit when none is set", () => {
    const props = renderPopup();
    fireEvent.click(screen.getByRole("button", { name: "Set a spending limit in Options" }));
    expect(props.onOpenOptions).toHaveBeenCalledTimes(1);
    expect(document.querySelector("meter")).toBeNull();
  });

  it("shows a labelled meter against the limit", () => {
    renderPopup({ limits: [eur(50000)] });
    const meter = screen.getByLabelText(`${formatMoney(eur(5997))} of ${formatMoney(eur(50000))} limit`);
    expect(meter.tagName).toBe("METER");
    expect(meter.getAttribute("min")).toBe("0");
    expect(meter.getAttribute("max")).toBe("50000");
    expect(meter.getAttribute("value")).toBe("5997");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.queryByRole("button", { name: "Set a spending limit in Options" })).toBeNull();
  });

  it("alerts when unsettled spending is above the limit", () => {
    renderPopup({ limits: [eur(5000)] });
    expect(screen.getByRole("alert").textContent).toBe(
      `Unsettled spending of ${formatMoney(eur(5997))} is above your ${formatMoney(eur(5000))} limit.`,
    );
  });
});
