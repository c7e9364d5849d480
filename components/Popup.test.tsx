// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { render as renderNow } from "preact";
import { useState } from "preact/hooks";
import { formatMoney } from "../lib/domain/money";
import { FIRST_QUERY, PAGE_SIZE, type PopupQuery } from "../lib/domain/popup-view";
import { popupLedgerOf } from "../lib/domain/test-popup";
import { aTrade, aWarning, NOW, plusMinutes } from "../lib/domain/test-trades";
import type { ChangeEntry, CollectiveRecord, Money, Trade } from "../lib/domain/types";
import type { Limit } from "../lib/settings/schema";
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

function aLimit(overrides: Partial<Limit> = {}): Limit {
  return { id: "l1", amount: eur(50000), shopOrigin: null, period: "none", ...overrides };
}

interface Scenario extends Partial<PopupProps> {
  /** The ledger: what the popup reads of it is computed in memory, as loadPopupLedger reads it. */
  trades?: Trade[];
  /** The trade of ?trade=<id>. */
  focusTradeId?: string | null;
}

/**
 * Renders the popup as the wiring does: each query it asks for is read from the ledger (in
 * memory here) and rendered again. Returns the props, with the query requests seen by onQuery.
 */
function renderPopup({ trades = [finished, travelling, paid], focusTradeId = null, ...overrides }: Scenario = {}) {
  const props = callbacks(overrides);
  function Wired() {
    const [query, setQuery] = useState<PopupQuery>({ ...FIRST_QUERY, focusTradeId });
    const onQuery = (next: PopupQuery) => {
      props.onQuery(next);
      setQuery(next);
    };
    return <Popup {...props} ledger={popupLedgerOf(trades, NOW, query)} onQuery={onQuery} />;
  }
  render(<Wired />);
  return props;
}

/** Every prop but the ledger: spies, and a quiet popup at NOW. */
function callbacks(overrides: Partial<PopupProps> = {}): Omit<PopupProps, "ledger"> {
  return {
    onQuery: vi.fn(),
    limits: [],
    waitLimitDays: null,
    collectives: [],
    unseenChanges: null,
    onChangesSeen: vi.fn(),
    onCollective: vi.fn(),
    onOpenHistory: vi.fn(),
    onFinalise: vi.fn(),
    onReturn: vi.fn(),
    onReorder: vi.fn(),
    now: NOW,
    timeZone: "UTC",
    checking: false,
    checkingTrades: new Set(),
    onCheckNow: vi.fn(),
    onCheckTrade: vi.fn(),
    onAcknowledge: vi.fn(),
    onOpenOptions: vi.fn(),
    siteAccess: null,
    notice: null,
    pageProblems: [],
    onCopyDiagnostic: vi.fn(async () => undefined),
    onDismissProblems: vi.fn(),
    ...overrides,
  };
}

/** The region a heading names, to look inside it. */
function regionOf(name: string | RegExp): HTMLElement {
  return screen.getByRole("region", { name });
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

  it("marks Check now off while checking, keeping the keyboard focus on it", () => {
    const props = renderPopup({ checking: true });
    const button = screen.getByRole("button", { name: "Checking…" }) as HTMLButtonElement;
    button.focus();
    expect(button.disabled).toBe(false);
    expect(button.getAttribute("aria-disabled")).toBe("true");
    fireEvent.click(button);
    expect(props.onCheckNow).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(button);
  });

  it("says when no order is open", () => {
    renderPopup({ trades: [finished] });
    expect(screen.getByText("No open orders")).toBeTruthy();
  });

  it("shows the wiring's notice in a status region that was there, empty, before it", () => {
    const props = { ...callbacks(), ledger: popupLedgerOf([finished, travelling, paid], NOW, FIRST_QUERY) };
    const { rerender } = render(<Popup {...props} />);
    // The cards' own status lines are further in.
    const notice = () => document.querySelector(".tw-popup > [role=status]");
    const region = notice();
    expect(region?.textContent).toBe("");
    expect(region?.classList.contains("live-region")).toBe(true);
    rerender(<Popup {...props} notice="Could not reach the background" />);
    expect(notice()).toBe(region);
    expect(region?.textContent).toBe("Could not reach the background");
  });

  it("opens the order history", () => {
    const props = renderPopup();
    fireEvent.click(screen.getByRole("button", { name: "Order history" }));
    expect(props.onOpenHistory).toHaveBeenCalledTimes(1);
  });

  it("counts open and finalising orders by their lifecycle state", () => {
    const finalising = aTrade({ info: { tradingId: "TW-8" }, lifecycle: { state: "finalising" } });
    renderPopup({ trades: [finished, travelling, finalising] });
    expect(screen.getByText("1 open order · 1 finalising")).toBeTruthy();
  });
});

describe("Popup empty state", () => {
  it("explains what TradeWatch does when there are no orders", () => {
    renderPopup({ trades: [] });
    expect(screen.getByText(/private list of your orders on this computer/)).toBeTruthy();
    expect(screen.getByText(/Nothing is sent anywhere except to the shop's own status addresses/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Track orders/ })).toBeNull();
    expect(screen.queryByRole("group", { name: "Show" })).toBeNull();
  });

  it("offers to track orders on the current site and calls onGrant", () => {
    const onGrant = vi.fn();
    renderPopup({ trades: [], siteAccess: { origin: "https://shop.example", granted: false, onGrant } });
    fireEvent.click(screen.getByRole("button", { name: "Track orders on shop.example" }));
    expect(onGrant).toHaveBeenCalledTimes(1);
    expect(screen.getByText(/looks at the pages of this site for order confirmations/)).toBeTruthy();
    // The browser's prompt may also ask for the page-load events: said before it is shown.
    expect(screen.getByText(/may also ask to let TradeWatch know when pages load/)).toBeTruthy();
  });

  it("says when the current site is already tracked", () => {
    renderPopup({ trades: [], siteAccess: { origin: "https://shop.example:8443", granted: true, onGrant: vi.fn() } });
    expect(screen.getByText("Orders on shop.example:8443 are tracked.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Track orders/ })).toBeNull();
  });
});

describe("Popup site access with orders", () => {
  it("offers to track orders on the current site after the orders, and calls onGrant", () => {
    const onGrant = vi.fn();
    renderPopup({ siteAccess: { origin: "https://shop.example", granted: false, onGrant } });
    const section = regionOf("This site");
    fireEvent.click(within(section).getByRole("button", { name: "Track orders on shop.example" }));
    expect(onGrant).toHaveBeenCalledTimes(1);
    expect(within(section).getByText(/nothing is sent anywhere unless it finds an order/)).toBeTruthy();
    const orders = regionOf("Orders");
    expect(orders.compareDocumentPosition(section) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it.each([
    ["the current site is already tracked", { origin: "https://shop.example", granted: true, onGrant: vi.fn() }],
    ["there is no web page", null],
  ])("says nothing about site access when %s", (_case, siteAccess) => {
    renderPopup({ siteAccess });
    expect(screen.queryByRole("region", { name: "This site" })).toBeNull();
    expect(screen.queryByRole("button", { name: /Track orders/ })).toBeNull();
    expect(screen.queryByText(/are tracked/)).toBeNull();
  });
});

describe("Popup filters", () => {
  it("offers every filter with its count, All first and chosen", () => {
    renderPopup();
    const filters = within(screen.getByRole("group", { name: "Show" })).getAllByRole("radio") as HTMLInputElement[];
    expect(filters.map((radio) => radio.labels?.[0]?.textContent)).toEqual([
      "All (3)",
      "Not delivered (2)",
      "Delivered (1)",
      "Not settled (1)",
      "Settled (2)",
    ]);
    expect(filters.map((radio) => radio.checked)).toEqual([true, false, false, false, false]);
  });

  it("shows All as the orders on their way apart from the delivered ones, newest first", () => {
    renderPopup();
    expect(orderIds(regionOf("Not delivered yet (2)"))).toEqual(["Order TW-2 at Green Leaf Tea", "Order TW-3 at Green Leaf Tea"]);
    expect(orderIds(regionOf("Delivered (1)"))).toEqual(["Order TW-1 at Green Leaf Tea"]);
  });

  it.each([
    [/^Not delivered/, "Not delivered yet (2)", ["TW-2", "TW-3"]],
    [/^Delivered/, "Delivered (1)", ["TW-1"]],
    [/^Not settled/, "Not settled yet (1)", ["TW-2"]],
    [/^Settled/, "Settled (2)", ["TW-1", "TW-3"]],
  ])("filter %s shows only its orders", (radio, heading, ids) => {
    renderPopup();
    fireEvent.click(screen.getByRole("radio", { name: radio }));
    expect((screen.getByRole("radio", { name: radio }) as HTMLInputElement).checked).toBe(true);
    expect(orderIds(regionOf(heading))).toEqual(ids.map((id) => `Order ${id} at Green Leaf Tea`));
    expect(screen.getAllByRole("article")).toHaveLength(ids.length);
  });

  it("says None for an empty group", () => {
    renderPopup({ trades: [travelling] });
    const delivered = regionOf("Delivered (0)");
    expect(within(delivered).getByText("None")).toBeTruthy();
    expect(orderIds(delivered)).toEqual([]);
  });
});

describe("Popup at scale", () => {
  /** `count` orders on their way, one a day back from NOW. */
  const travellingOrders = (count: number) =>
    Array.from({ length: count }, (_, index) =>
      aTrade({
        info: { tradingId: `TW-${1000 + index}`, orderDate: plusMinutes(NOW, -24 * 60 * index) },
        delivery: { status: "in_transit" },
        payment: { status: "settled" },
      }),
    );
  const more = (group: HTMLElement) => within(group).queryByRole("button", { name: "Show more" });

  it("shows the first page of a long list with its whole count, and a page more on each Show more", () => {
    const trades = travellingOrders(PAGE_SIZE * 2 + 5);
    const props = renderPopup({ trades });
    const group = regionOf(`Not delivered yet (${trades.length})`);
    expect(orderIds(group)).toEqual(trades.slice(0, PAGE_SIZE).map((trade) => `Order ${trade.info.tradingId} at Green Leaf Tea`));
    expect(group.textContent).toContain(`Showing ${PAGE_SIZE} of ${trades.length}`);
    expect(screen.getByRole("radio", { name: `Not delivered (${trades.length})` })).toBeTruthy();

    const button = more(group) as HTMLButtonElement;
    expect(button.type).toBe("button");
    fireEvent.click(button);
    expect(props.onQuery).toHaveBeenLastCalledWith({ ...FIRST_QUERY, shown: { ...FIRST_QUERY.shown, undelivered: 2 * PAGE_SIZE } });
    expect(orderIds(group)).toHaveLength(2 * PAGE_SIZE);
    fireEvent.click(more(group)!);
    expect(orderIds(group)).toHaveLength(trades.length);
    expect(more(group)).toBeNull();
    expect(group.textContent).not.toContain("Showing");
  });

  it("renders the lists' first cards at once and the rest of their pages in the next frame, then says so", async () => {
    performance.clearMarks();
    const trades = [...travellingOrders(PAGE_SIZE + 5), finished, aTrade({ info: { tradingId: "TW-9" }, delivery: { status: "delivered" } })];
    const container = document.body.appendChild(document.createElement("div"));
    // Rendered without testing-library's act(), which would run the effects before anything could look.
    renderNow(<Popup {...callbacks()} ledger={popupLedgerOf(trades, NOW, FIRST_QUERY)} />, container);
    const undelivered = within(container).getByRole("region", { name: `Not delivered yet (${PAGE_SIZE + 5})` });
    const delivered = within(container).getByRole("region", { name: "Delivered (2)" });
    expect(orderIds(undelivered)).toEqual(trades.slice(0, 3).map((trade) => `Order ${trade.info.tradingId} at Green Leaf Tea`));
    expect(orderIds(delivered)).toEqual([]);
    expect(performance.getEntriesByName("tradewatch:popup-lists-complete")).toHaveLength(0);
    await waitFor(() => expect(orderIds(undelivered)).toHaveLength(PAGE_SIZE));
    expect(orderIds(delivered)).toHaveLength(2);
    await waitFor(() => expect(performance.getEntriesByName("tradewatch:popup-lists-complete")).toHaveLength(1));
    renderNow(null, container);
    container.remove();
  });

  it("pages each list of All on its own and offers no Show more for a short one", () => {
    renderPopup({ trades: [...travellingOrders(PAGE_SIZE + 1), finished] });
    expect(more(regionOf(`Not delivered yet (${PAGE_SIZE + 1})`))).not.toBeNull();
    expect(more(regionOf("Delivered (1)"))).toBeNull();
  });

  it("shows the order a notification was about in its place even when it is beyond the first page", () => {
    vi.spyOn(HTMLElement.prototype, "scrollIntoView").mockImplementation(() => undefined);
    const trades = travellingOrders(PAGE_SIZE + 10);
    const old = trades.at(-1)!;
    renderPopup({ trades, focusTradeId: old.id });
    const ids = orderIds(regionOf(`Not delivered yet (${trades.length})`));
    expect(ids).toHaveLength(PAGE_SIZE + 1);
    expect(ids.at(-1)).toBe(`Order ${old.info.tradingId} at Green Leaf Tea`);
    expect(document.activeElement).toBe(screen.getByRole("article", { name: `Order ${old.info.tradingId} at Green Leaf Tea` }));
  });

  it("takes its counts from the ledger's totals, not from the trades it read", () => {
    const ledger = popupLedgerOf([travelling, finished], NOW);
    const totals = {
      filters: { all: 10_000, undelivered: 12, delivered: 9_988, unsettled: 30, settled: 9_970 },
      states: { open: 14, finalising: 2, completed: 9_000, failed: 984 },
    };
    render(<Popup {...callbacks()} ledger={{ ...ledger, totals }} />);
    expect(screen.getByText("14 open orders · 2 finalising")).toBeTruthy();
    expect(screen.getByRole("radio", { name: "All (10,000)" })).toBeTruthy();
    expect(regionOf("Delivered (9,988)").textContent).toContain("Showing 1 of 9,988");
  });

  it("counts every order, not only those on the page, and lists warnings of orders beyond it", () => {
    const trades = travellingOrders(PAGE_SIZE + 3);
    const warned = { ...trades.at(-1)!, warnings: [aWarning({ message: "Payment was due long ago" })] };
    renderPopup({ trades: [...trades.slice(0, -1), warned] });
    expect(screen.getByText(`${PAGE_SIZE + 3} open orders`)).toBeTruthy();
    expect(within(regionOf("Warnings")).getAllByRole("alert")[0]?.textContent).toContain("Payment was due long ago");
  });
});

describe("Popup per-trade actions", () => {
  it("checks one order now", () => {
    const props = renderPopup();
    fireEvent.click(screen.getByRole("button", { name: "Check order TW-2 now" }));
    expect(props.onCheckTrade).toHaveBeenCalledWith(travelling.id);
    expect(props.onCheckNow).not.toHaveBeenCalled();
  });

  it("shows which orders are being checked", () => {
    renderPopup({ checkingTrades: new Set([travelling.id]) });
    expect(screen.getByRole("button", { name: "Checking order TW-2…" }).getAttribute("aria-disabled")).toBe("true");
    expect(screen.getByRole("button", { name: "Check order TW-3 now" }).getAttribute("aria-disabled")).toBeNull();
  });

  it("scrolls to, focuses and highlights the order a notification was about", () => {
    const scrolled = vi.spyOn(HTMLElement.prototype, "scrollIntoView").mockImplementation(() => undefined);
    renderPopup({ focusTradeId: paid.id });
    const card = screen.getByRole("article", { name: "Order TW-3 at Green Leaf Tea" });
    expect(card.classList.contains("trade-card-focused")).toBe(true);
    expect(card.getAttribute("aria-current")).toBe("true");
    expect(document.activeElement).toBe(card);
    expect(scrolled.mock.contexts).toEqual([card]);
    expect(screen.getByRole("article", { name: "Order TW-2 at Green Leaf Tea" }).classList.contains("trade-card-focused")).toBe(false);
  });
});

describe("Popup warnings", () => {
  const warned: Trade = aTrade({
    info: { tradingId: "TW-9", total: eur(5997) },
    warnings: [
      aWarning({ code: "payment-overdue", message: "Payment was due on 19 Nov 2026", firstSeenAt: NOW }),
      aWarning({
        code: "amount-mismatch",
        message: "Charged €65.00, but the order total is €59.97",
        firstSeenAt: plusMinutes(NOW, -60),
      }),
      aWarning({
        code: "stale",
        source: "delivery",
        message: "The carrier has reported nothing new since 1 Oct 2026",
        acknowledgedAt: NOW,
      }),
    ],
  });

  it("lists each open warning as an alert naming the severity, trading identifier and shop, critical first", () => {
    renderPopup({ trades: [warned, finished] });
    const alerts = within(regionOf("Warnings")).getAllByRole("alert");
    expect(alerts.map((alert) => alert.textContent)).toEqual([
      "Critical: TW-9 at Green Leaf Tea — Charged €65.00, but the order total is €59.97",
      "Warning: TW-9 at Green Leaf Tea — Payment was due on 19 Nov 2026",
    ]);
    expect(alerts[0]?.closest("li")?.classList.contains("warning-critical")).toBe(true);
  });

  it("acknowledges a warning", () => {
    const props = renderPopup({ trades: [warned] });
    fireEvent.click(screen.getByRole("button", { name: "Acknowledge: Charged €65.00, but the order total is €59.97" }));
    expect(props.onAcknowledge).toHaveBeenCalledWith(warned.id, "amount-mismatch", "payment");
  });

  it("keeps acknowledged warnings muted under a disclosure, not as alerts", () => {
    renderPopup({ trades: [warned] });
    const region = regionOf("Warnings");
    const disclosure = within(region).getByText("1 acknowledged");
    expect(disclosure.tagName).toBe("SUMMARY");
    const details = disclosure.closest("details");
    expect(details?.open).toBe(false);
    expect(details?.textContent).toContain("TW-9 at Green Leaf Tea — The carrier has reported nothing new since 1 Oct 2026");
    expect(within(region).getAllByRole("alert").map((alert) => alert.textContent)).not.toContainEqual(
      expect.stringContaining("reported nothing new"),
    );
    expect(screen.queryByRole("button", { name: /Acknowledge: The carrier/ })).toBeNull();
  });

  it("with only acknowledged warnings, raises no alert", () => {
    const quiet = aTrade({ warnings: [aWarning({ acknowledgedAt: NOW })] });
    renderPopup({ trades: [quiet] });
    expect(within(regionOf("Warnings")).getByText("No open warnings.")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("comes before the spending and the orders", () => {
    renderPopup({ trades: [warned] });
    const headings = screen.getAllByRole("heading", { level: 2 }).map((heading) => heading.textContent);
    expect(headings.slice(0, 3)).toEqual(["Warnings", "Spending", "Not delivered yet (1)"]);
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

  /** The text after a term of the spending totals. */
  function total(term: string): string {
    const dt = within(regionOf("Spending")).getByText(term, { selector: "dt" });
    return dt.nextElementSibling?.textContent ?? "";
  }

  it("totals what is not settled and what was ordered this month, per currency", () => {
    const lastMonth = aTrade({ info: { tradingId: "TW-0", total: eur(700), orderDate: "2026-10-31T12:00:00.000Z" } });
    renderPopup({ trades: [finished, travelling, paid, dollars, lastMonth] });
    expect(total("Not settled yet")).toBe(formatMoney(eur(5997 + 700)) + formatMoney({ minor: 1250, currency: "USD" }));
    expect(total("Ordered this month")).toBe(
      formatMoney(eur(1000 + 5997 + 2500)) + formatMoney({ minor: 1250, currency: "USD" }),
    );
  });

  it("says when everything is settled and nothing was ordered this month", () => {
    renderPopup({ trades: [aTrade({ info: { orderDate: "2026-09-01T00:00:00.000Z" }, payment: { status: "settled" } })] });
    expect(total("Not settled yet")).toBe("Everything is settled");
    expect(total("Ordered this month")).toBe("Nothing yet");
  });

  it("hints at setting a limit when none is set", () => {
    const props = renderPopup();
    fireEvent.click(screen.getByRole("button", { name: "Set a spending limit in Options" }));
    expect(props.onOpenOptions).toHaveBeenCalledTimes(1);
    expect(document.querySelector("meter")).toBeNull();
  });

  it("shows a labelled meter per limit", () => {
    renderPopup({
      limits: [
        aLimit(),
        aLimit({ id: "month", amount: eur(10000), period: "calendar-month" }),
        aLimit({ id: "shop", amount: eur(3000), shopOrigin: "https://green-leaf.example", period: "rolling-30-days" }),
      ],
    });
    const unsettled = screen.getByLabelText(`${formatMoney(eur(5997))} of ${formatMoney(eur(50000))} · All shops · no period`);
    expect(unsettled.tagName).toBe("METER");
    expect([unsettled.getAttribute("min"), unsettled.getAttribute("max"), unsettled.getAttribute("value")]).toEqual(["0", "50000", "5997"]);
    const month = screen.getByLabelText(`${formatMoney(eur(9497))} of ${formatMoney(eur(10000))} · All shops · this month`);
    expect(month.getAttribute("value")).toBe("9497");
    screen.getByLabelText(`${formatMoney(eur(9497))} of ${formatMoney(eur(3000))} · Green Leaf Tea · last 30 days`);
    expect(screen.queryByRole("button", { name: "Set a spending limit in Options" })).toBeNull();
  });

  it("alerts for each limit that is over, and only for those", () => {
    renderPopup({
      limits: [
        aLimit({ amount: eur(5000) }),
        aLimit({ id: "month", amount: eur(9000), period: "calendar-month" }),
        aLimit({ id: "roomy", amount: eur(100000), period: "calendar-week" }),
      ],
    });
    expect(within(regionOf("Spending")).getAllByRole("alert").map((alert) => alert.textContent)).toEqual([
      `Unsettled spending of ${formatMoney(eur(5997))} is above your ${formatMoney(eur(5000))} limit (All shops · no period).`,
      `Spending of ${formatMoney(eur(9497))} is above your ${formatMoney(eur(9000))} limit (All shops · this month).`,
    ]);
  });

  it("reads calendar periods in the time zone given", () => {
    // 31 Oct 23:30 UTC is already 1 Nov in Paris.
    const late = aTrade({ info: { tradingId: "TW-5", total: eur(100), orderDate: "2026-10-31T23:30:00.000Z" } });
    const limits = [aLimit({ amount: eur(1000), period: "calendar-month" })];
    const label = (used: number) => `${formatMoney(eur(used))} of ${formatMoney(eur(1000))} · All shops · this month`;
    renderPopup({ trades: [late], limits, timeZone: "UTC" });
    expect(screen.getByLabelText(label(0)).tagName).toBe("METER");
    cleanup();
    renderPopup({ trades: [late], limits, timeZone: "Europe/Paris" });
    expect(screen.getByLabelText(label(100)).getAttribute("value")).toBe("100");
  });
});

describe("Popup since your last visit", () => {
  const delivered: ChangeEntry = {
    seq: 7,
    at: NOW,
    tradeId: travelling.id,
    tradingId: "TW-2",
    shopName: "Green Leaf Tea",
    kind: "delivered",
    text: "3 × Green tea from Green Leaf Tea was delivered",
  };

  it("shows what changed at the top, and marks it seen up to the newest change", () => {
    const props = renderPopup({ unseenChanges: { entries: [delivered], upTo: 7 } });
    const panel = regionOf("Since your last visit");
    expect(panel.textContent).toContain("1 delivered since your last visit");
    expect(screen.getAllByRole("heading", { level: 2 })[0]?.textContent).toBe("Since your last visit");
    expect(props.onChangesSeen).toHaveBeenCalledWith(7);
  });

  it("shows no panel when nothing changed", () => {
    const props = renderPopup({ unseenChanges: { entries: [], upTo: 6 } });
    expect(screen.queryByRole("region", { name: "Since your last visit" })).toBeNull();
    expect(props.onChangesSeen).not.toHaveBeenCalled();
  });
});

describe("Popup: orders finalised together", () => {
  const at = (origin: string, tradingId: string, shopName: string) =>
    aTrade({
      info: {
        tradingId,
        shop: { name: shopName, origin },
        commands: { url: `${origin}/commands`, supports: ["confirm", "cancel", "prepare", "commit", "abort"] },
      },
      delivery: { status: "in_transit" },
    });
  const one = at("https://reference.example", "TW-100001", "Reference Shop");
  const two = at("https://reference.example", "TW-100002", "Reference Shop");
  const glass = at("https://glass.example", "GL-100001", "Glass Shop");
  const trades = [one, two, glass, finished];

  const bar = () => screen.getByRole("region", { name: /selected$/ });
  const select = (tradingId: string, shop: string) =>
    fireEvent.click(screen.getByRole("checkbox", { name: `Select order ${tradingId} at ${shop}` }));

  function selectThree(props: Partial<PopupProps> = {}) {
    const all = renderPopup({ trades, ...props });
    fireEvent.click(screen.getByRole("button", { name: "Select orders" }));
    select("TW-100001", "Reference Shop");
    select("TW-100002", "Reference Shop");
    select("GL-100001", "Glass Shop");
    return all;
  }

  it("selects open orders that allow it, and says why the others cannot be", () => {
    renderPopup({ trades });
    expect(screen.queryByRole("checkbox")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Select orders" }));
    expect(screen.getAllByRole("checkbox")).toHaveLength(3);
    const done = screen.getByRole("article", { name: "Order TW-1 at Green Leaf Tea" });
    expect(done.querySelector(".trade-select")?.textContent).toMatch(/^Cannot be selected: /);
    expect(bar().textContent).toContain("No orders selected");
    expect(bar().textContent).toContain("Select at least 2 orders to confirm or cancel them together.");
    expect(within(bar()).queryByRole("button", { name: "Confirm all" })).toBeNull();
  });

  it("counts the orders and shops selected and explains all or nothing", () => {
    selectThree();
    expect(within(bar()).getByRole("heading").textContent).toBe("3 orders at 2 shops selected");
    expect(bar().textContent).toContain("All or nothing: if any shop cannot, none is changed.");
  });

  it("confirms all the selected orders together, then leaves the mode", async () => {
    const onCollective = vi.fn(async () => ({ collectiveId: "c1" }));
    selectThree({ onCollective });
    fireEvent.click(within(bar()).getByRole("button", { name: "Confirm all" }));
    expect(onCollective).toHaveBeenCalledWith([one.id, two.id, glass.id], "complete");
    await waitFor(() => expect(screen.queryByRole("region", { name: /selected$/ })).toBeNull());
    expect(screen.queryByRole("checkbox")).toBeNull();
  });

  it("moves the focus to the transactions' progress once 'Confirm all' is taken (its button is gone)", async () => {
    selectThree({ onCollective: vi.fn(async () => ({ collectiveId: "c1" })), collectives: [collectiveOf([one, glass])] });
    const confirmAll = within(bar()).getByRole("button", { name: "Confirm all" });
    confirmAll.focus();
    fireEvent.click(confirmAll);
    await waitFor(() => expect(screen.queryByRole("region", { name: /selected$/ })).toBeNull());
    expect(document.activeElement).toBe(screen.getByRole("heading", { name: "Orders finalised together" }));
  });

  it("moves the focus back to 'Select orders' after 'Cancel all' when no progress is shown yet", async () => {
    selectThree({ onCollective: vi.fn(async () => ({ collectiveId: "c1" })) });
    fireEvent.click(within(bar()).getByRole("button", { name: "Cancel all" }));
    const cancelAll = within(bar()).getByRole("button", { name: "Cancel all" });
    cancelAll.focus();
    fireEvent.click(cancelAll);
    await waitFor(() => expect(screen.queryByRole("region", { name: /selected$/ })).toBeNull());
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Select orders" }));
  });

  it("leaves the mode on Done, forgetting the selection", () => {
    selectThree();
    const done = within(bar()).getByRole("button", { name: "Done" });
    done.focus();
    fireEvent.click(done);
    // The bar with the focus is gone: the focus goes back to where selecting began.
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Select orders" }));
    expect(screen.queryByRole("checkbox")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Select orders" }));
    expect(within(bar()).getByRole("heading").textContent).toBe("No orders selected");
  });

  function collectiveOf(participants: Trade[]): CollectiveRecord {
    return {
      id: "c1",
      intent: "complete",
      createdAt: NOW,
      participants: participants.map((trade) => ({
        tradeId: trade.id,
        origin: trade.info.shop.origin,
        tradingId: trade.info.tradingId,
        shopName: trade.info.shop.name,
        attempts: 0,
        prepareKey: `p-${trade.info.tradingId}`,
        finishKey: `f-${trade.info.tradingId}`,
        vote: null,
        voteMessage: null,
        finished: null,
        lastError: null,
      })),
      decision: null,
      phase: "preparing",
      finishedAt: null,
      log: [],
      leaseUntil: null,
    };
  }

  it("shows the progress of recent collectives", () => {
    renderPopup({ trades, collectives: [collectiveOf([one, glass])] });
    expect(regionOf("Orders finalised together").textContent).toContain("Reference Shop TW-100001 Asking…");
  });
});

describe("Popup: reorders", () => {
  const original = aTrade({ info: { tradingId: "TW-100001", commands: { url: "https://green-leaf.example/c", supports: ["reorder"] } } });
  const reorder = aTrade({ info: { tradingId: "TW-100004" }, reorderOf: original.id });

  it("shows the original order from its reorder's link, switching back to All", () => {
    vi.spyOn(HTMLElement.prototype, "scrollIntoView").mockImplementation(() => undefined);
    renderPopup({ trades: [original, reorder] });
    fireEvent.click(screen.getByRole("radio", { name: /^Not settled/ }));
    fireEvent.click(screen.getByRole("button", { name: "TW-100001" }));
    const card = screen.getByRole("article", { name: "Order TW-100001 at Green Leaf Tea" });
    expect((screen.getByRole("radio", { name: /^All/ }) as HTMLInputElement).checked).toBe(true);
    expect(card.getAttribute("aria-current")).toBe("true");
    expect(document.activeElement).toBe(card);
  });

  it("shows the new order once placed", async () => {
    vi.spyOn(HTMLElement.prototype, "scrollIntoView").mockImplementation(() => undefined);
    const onReorder = vi.fn(async () => ({ tradeId: reorder.id, message: null }));
    renderPopup({ trades: [original, reorder], onReorder });
    const card = screen.getByRole("article", { name: "Order TW-100001 at Green Leaf Tea" });
    fireEvent.click(within(card).getByRole("button", { name: "Reorder…" }));
    fireEvent.click(within(card).getByRole("button", { name: "Order again" }));
    expect(await within(card).findByText("Ordered again as TW-100004.")).toBeTruthy();
    const placed = screen.getByRole("article", { name: "Order TW-100004 at Green Leaf Tea" });
    await waitFor(() => expect(document.activeElement).toBe(placed));
  });
});

describe("Popup pages TradeWatch could not read", () => {
  const problem = {
    at: NOW,
    message: "TradeWatch recognised a Shopify order page but could not read the total",
    diagnostic: {
      adapter: "shopify" as const,
      page: "https://shop.example/checkouts/c/thank_you",
      matched: { ORDER_SUMMARY: 1, TOTAL: 0 },
      missing: ["total"],
      version: "0.1.0",
    },
  };

  it("lists each problem with its message and page, even before any order, and dismisses them all", () => {
    const props = renderPopup({ trades: [], pageProblems: [problem] });
    const region = regionOf("Pages TradeWatch could not read");
    expect(region.textContent).toContain(problem.message);
    expect(region.textContent).toContain("https://shop.example/checkouts/c/thank_you");
    fireEvent.click(within(region).getByRole("button", { name: /Dismiss all/ }));
    expect(props.onDismissProblems).toHaveBeenCalledOnce();
  });

  it("copies the diagnostic as JSON and says so", async () => {
    const props = renderPopup({ pageProblems: [problem] });
    fireEvent.click(within(regionOf("Pages TradeWatch could not read")).getByRole("button", { name: "Copy diagnostic" }));
    await screen.findByText("Diagnostic copied.");
    expect(JSON.parse(vi.mocked(props.onCopyDiagnostic).mock.calls[0]![0])).toEqual(problem.diagnostic);
  });

  it("shows the diagnostic selected for copying by hand when the clipboard is refused", async () => {
    renderPopup({ pageProblems: [problem], onCopyDiagnostic: vi.fn(async () => Promise.reject(new Error("denied"))) });
    fireEvent.click(screen.getByRole("button", { name: "Copy diagnostic" }));
    const box = (await screen.findByRole("textbox", { name: "Diagnostic" })) as HTMLTextAreaElement;
    expect(box.readOnly).toBe(true);
    expect(JSON.parse(box.value)).toEqual(problem.diagnostic);
    await waitFor(() => expect(document.activeElement).toBe(box));
  });

  it("shows no such region when every page was read", () => {
    renderPopup();
    expect(screen.queryByRole("region", { name: "Pages TradeWatch could not read" })).toBeNull();
  });
});
