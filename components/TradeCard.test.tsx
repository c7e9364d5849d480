// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, screen, within } from "@testing-library/preact";
import { formatMoney } from "../lib/domain/money";
import { aReturn, aTrade, aWarning, NOW, ORIGIN, plusMinutes, shopCommands } from "../lib/domain/test-trades";
import { tradeKey } from "../lib/domain/trade-key";
import {
  DELIVERY_STATUSES,
  PAYMENT_STATUSES,
  SHOP_STATUSES,
  type PendingFinalisation,
  type Trade,
  type TradeState,
} from "../lib/domain/types";
import { statusLabel, statusTone } from "./labels";
import type { TradeCardProps } from "./TradeCard";
import { renderTradeCard } from "./test-trade-card";

afterEach(cleanup);

const DAY_MINUTES = 24 * 60;

function renderCard(trade: Trade, props: Partial<TradeCardProps> = {}) {
  renderTradeCard(trade, props);
  return screen.getByRole("article", { name: "Order GL-1001 at Green Leaf Tea" });
}

/** The text of one Shop / Payment / Delivery row of the card's description list. */
function sourceRow(card: HTMLElement, label: string): string {
  const term = within(card).getByText(label, { selector: "dt" });
  return term.parentElement?.textContent ?? "";
}

describe("TradeCard", () => {
  it("shows the trading identifier, shop, total and item count", () => {
    const card = renderCard(aTrade());
    expect(within(card).getByRole("heading", { name: "GL-1001" })).toBeTruthy();
    expect(card.textContent).toContain("Green Leaf Tea");
    expect(card.textContent).toContain(formatMoney({ minor: 5997, currency: "EUR" }));
    expect(card.textContent).toContain("3 items");
    expect(card.closest("li")).not.toBeNull();
  });

  it("shows the trade's notice, and nothing when it has none", () => {
    const notice = "Green Leaf Tea shows an order to guests only for a while after it is placed.";
    expect(renderCard({ ...aTrade(), notice }).textContent).toContain(notice);
    cleanup();
    expect(renderCard(aTrade()).textContent).not.toContain("guests");
  });

  it("counts one item in the singular", () => {
    const card = renderCard(
      aTrade({ info: { items: [{ name: "Mug", sku: null, quantity: 1, unitPrice: null }] } }),
    );
    expect(card.textContent).toContain("1 item");
    expect(card.textContent).not.toContain("1 items");
  });

  it("labels each source's status in words, or says why there is none", () => {
    const card = renderCard(
      aTrade({
        info: { endpoints: { shop: "https://green-leaf.example/s", payment: "https://pay.example/p", delivery: null } },
        shop: { status: "shipped" },
        payment: { status: null },
        delivery: { status: null },
      }),
    );
    expect(sourceRow(card, "Shop")).toContain("Shipped");
    expect(sourceRow(card, "Payment")).toContain("Not asked yet");
    expect(sourceRow(card, "Delivery")).toContain("No status address");
  });

  it("prefers the completed date, else the scheduled one, in relative words near today", () => {
    const card = renderCard(
      aTrade({
        shop: { status: "delivered", completedAt: plusMinutes(NOW, -DAY_MINUTES), scheduledAt: NOW },
        payment: { status: "pending", scheduledAt: plusMinutes(NOW, DAY_MINUTES) },
        delivery: { status: "in_transit", scheduledAt: NOW },
      }),
    );
    expect(sourceRow(card, "Shop")).toContain("Delivered yesterday");
    expect(sourceRow(card, "Payment")).toContain("due tomorrow");
    expect(sourceRow(card, "Delivery")).toContain("expected today");
  });

  it("writes other dates with the day and month of the UI's language", () => {
    const completedAt = plusMinutes(NOW, -10 * DAY_MINUTES);
    const card = renderCard(aTrade({ payment: { status: "settled", completedAt } }));
    const day = new Intl.DateTimeFormat("en", { day: "numeric", month: "short" }).format(new Date(completedAt));
    expect(sourceRow(card, "Payment")).toContain(`Settled on ${day}`);
  });

  it("adds the year to a date outside the current year", () => {
    const card = renderCard(aTrade({ info: { orderDate: "2025-12-30T12:00:00.000Z" } }));
    expect(card.textContent).toContain("2025");
  });

  it("says when each source was last checked, with the day unless it was today", () => {
    const card = renderCard(
      aTrade({
        shop: { status: "processing", lastCheckedAt: NOW },
        payment: { status: "authorized", lastCheckedAt: plusMinutes(NOW, -DAY_MINUTES) },
      }),
    );
    expect(sourceRow(card, "Shop")).toMatch(/checked \d{1,2}:\d{2}/);
    expect(sourceRow(card, "Payment")).toMatch(/checked yesterday, \d{1,2}:\d{2}/);
    expect(sourceRow(card, "Delivery")).not.toContain("checked");
  });

  it("shows a source's last error in words", () => {
    const card = renderCard(aTrade({ delivery: { lastError: { message: "HTTP 500", at: NOW } } }));
    const error = within(card).getByText(/Could not check: HTTP 500/);
    expect(error.closest("dd")).not.toBeNull();
    expect(sourceRow(card, "Delivery")).toContain("Could not check: HTTP 500");
    expect(sourceRow(card, "Shop")).not.toContain("Could not check");
  });

  it("says when a source that asked to wait is checked next, in the user's time", () => {
    const card = renderCard(
      aTrade({
        payment: { status: "authorized", notBefore: plusMinutes(NOW, 65) },
        delivery: { status: "in_transit", notBefore: plusMinutes(NOW, -5) },
      }),
    );
    // NOW is 10:00 UTC, the tests' time zone.
    expect(sourceRow(card, "Payment")).toMatch(/Asked to wait – next check: 11:05\sAM/);
    // A wait that is over holds nothing back.
    expect(sourceRow(card, "Delivery")).not.toContain("Asked to wait");
    expect(sourceRow(card, "Shop")).not.toContain("Asked to wait");
  });

  it("counts the trade's open warnings, and the acknowledged ones apart", () => {
    const warning = aWarning();
    const card = renderCard(aTrade({ warnings: [warning, aWarning({ code: "delivery-overdue", source: "delivery" })] }));
    expect(card.textContent).toContain("2 warnings");
    cleanup();
    const muted = renderCard(aTrade({ warnings: [warning, aWarning({ code: "stale", acknowledgedAt: NOW })] }));
    expect(muted.querySelector(".trade-warning-count")?.textContent).toBe("⚠ 1 warning · 1 acknowledged");
    cleanup();
    const quiet = renderCard(aTrade({ warnings: [aWarning({ acknowledgedAt: NOW })] }));
    expect(quiet.querySelector(".trade-warning-count")?.textContent).toBe("1 acknowledged");
  });

  it("shows no warning count without warnings", () => {
    const card = renderCard(aTrade());
    expect(card.textContent).not.toContain("warning");
  });

  it("checks this order now", () => {
    const onCheck = vi.fn();
    const trade = aTrade();
    const card = renderCard(trade, { onCheck });
    const button = within(card).getByRole("button", { name: "Check order GL-1001 now" });
    expect(button.textContent).toBe("Check");
    fireEvent.click(button);
    expect(onCheck).toHaveBeenCalledWith(trade.id);
  });

  it("offers no Check now when no source can say anything more", () => {
    const done = aTrade({
      info: { endpoints: { shop: null, payment: "https://pay.example/p", delivery: "https://parcel.example/d" } },
      payment: { status: "settled" },
      delivery: { status: "delivered" },
    });
    expect(within(renderCard(done)).queryByRole("button", { name: /^Check order/ })).toBeNull();
  });

  it("offers no Check now on a finished trade, even with a source still askable", () => {
    // Cancelled with nothing paid: payment and delivery have no final status, but the poller skips the trade.
    const cancelled = aTrade({ shop: { status: "cancelled" }, payment: { status: "authorized" }, delivery: { status: "in_transit" } });
    expect(within(renderCard(cancelled)).queryByRole("button", { name: /^Check order/ })).toBeNull();
  });

  it("offers Check now on a cancelled trade still owed a refund", () => {
    const owed = aTrade({
      shop: { status: "cancelled" },
      payment: { status: "settled", amountCharged: { minor: 5997, currency: "EUR" } },
      delivery: { status: "in_transit" },
    });
    expect(within(renderCard(owed)).getByRole("button", { name: "Check order GL-1001 now" })).toBeTruthy();
  });

  it("holds its Check now while checking", () => {
    const onCheck = vi.fn();
    const card = renderCard(aTrade(), { onCheck, checking: true });
    const button = within(card).getByRole("button", { name: "Checking order GL-1001…" });
    // Still focusable: the keyboard focus stays where it was.
    expect(button.getAttribute("aria-disabled")).toBe("true");
    fireEvent.click(button);
    expect(onCheck).not.toHaveBeenCalled();
  });
});

describe("TradeCard delivery tracking", () => {
  it("names the carrier and links to its tracking page once the number is identified", async () => {
    const card = renderCard(aTrade({ delivery: { status: "in_transit", trackingNumber: "1Z999AA10123456784", carrier: null } }));
    // Until the formats have loaded, the number shows as it is.
    expect(sourceRow(card, "Delivery")).toContain("Tracking 1Z999AA10123456784");
    const link = (await within(card).findByRole("link", { name: "Track with UPS" })) as HTMLAnchorElement;
    expect(sourceRow(card, "Delivery")).toContain("UPS 1Z999AA10123456784");
    expect(link.href).toBe("https://wwwapps.ups.com/WebTracking/track?track=yes&trackNums=1Z999AA10123456784");
    expect(link.target).toBe("_blank");
    expect(link.rel).toBe("noopener noreferrer");
    expect(card.textContent).not.toContain("looks invalid");
  });

  it("flags a number that fails the named carrier's check digit, without a link", async () => {
    const card = renderCard(aTrade({ delivery: { status: "in_transit", trackingNumber: "1Z999AA10123456785", carrier: "UPS" } }));
    await within(card).findByText("tracking number looks invalid", { exact: false });
    expect(sourceRow(card, "Delivery")).toContain("tracking number looks invalid");
    expect(within(card).queryByRole("link")).toBeNull();
  });

  // The same before and after the number is looked up (use-carrier.test.tsx checks the lookup).
  it("shows a carrier it does not know as named, and a number it cannot place as a number", () => {
    const card = renderCard(aTrade({ delivery: { status: "in_transit", trackingNumber: "TC-42", carrier: "Tiny Courier" } }));
    expect(sourceRow(card, "Delivery")).toContain("Tiny Courier TC-42");
    expect(within(card).queryByRole("link")).toBeNull();
    cleanup();
    const unknown = renderCard(aTrade({ delivery: { status: "in_transit", trackingNumber: "XYZ-1", carrier: null } }));
    expect(sourceRow(unknown, "Delivery")).toContain("Tracking XYZ-1");
    expect(unknown.textContent).not.toContain("looks invalid");
  });

  it("shows no tracking line without a tracking number", () => {
    const card = renderCard(aTrade({ delivery: { status: "pending", carrier: "UPS" } }));
    expect(card.querySelector(".tracking")).toBeNull();
  });
});

describe("TradeCard staleness and history", () => {
  it("marks a source the trade has a stale warning for", () => {
    const card = renderCard(
      aTrade({
        delivery: { status: "in_transit", lastChangedAt: plusMinutes(NOW, -40 * DAY_MINUTES) },
        warnings: [aWarning({ code: "stale", source: "delivery" })],
      }),
    );
    const day = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" }).format(
      new Date(plusMinutes(NOW, -40 * DAY_MINUTES)),
    );
    expect(sourceRow(card, "Delivery")).toContain(`No news since ${day}`);
    expect(sourceRow(card, "Payment")).not.toContain("No news");
  });

  it("counts staleness from capture when the source never changed", () => {
    const card = renderCard(aTrade({ info: { capturedAt: plusMinutes(NOW, -DAY_MINUTES) }, warnings: [aWarning({ code: "stale", source: "shop" })] }));
    expect(sourceRow(card, "Shop")).toContain("No news since yesterday");
  });

  it("lists the history, newest first, under a closed disclosure, rendered once opened", async () => {
    const card = renderCard(
      aTrade({
        history: [
          { at: plusMinutes(NOW, -60), kind: "captured", source: null, code: null, text: "Order captured" },
          { at: plusMinutes(NOW, -30), kind: "warning", source: "payment", code: "payment-overdue", text: "Payment is late" },
          { at: NOW, kind: "resolved", source: "payment", code: "payment-overdue", text: "Payment is late" },
          { at: NOW, kind: "status", source: "payment", code: null, text: "Payment: pending → settled" },
        ],
      }),
    );
    const summary = within(card).getByText("History");
    expect(summary.tagName).toBe("SUMMARY");
    const details = summary.closest("details") as HTMLDetailsElement;
    expect(details.open).toBe(false);
    expect(within(details).queryAllByRole("listitem")).toEqual([]);
    details.open = true;
    fireEvent(details, new Event("toggle"));
    const entries = await within(details).findAllByRole("listitem");
    const texts = entries.map((entry) => entry.textContent?.slice((entry.querySelector("time")?.textContent ?? "").length));
    expect(texts).toEqual([
      " Payment: pending → settled",
      " Resolved: Payment is late",
      " Warning: Payment is late",
      " Order captured",
      " Open: Order captured",
    ]);
    expect(entries[0]?.querySelector("time")?.getAttribute("datetime")).toBe(NOW);
  });

  it("has no history disclosure without history or transitions", () => {
    const card = renderCard(aTrade({ lifecycle: { transitions: [] } }));
    expect(within(card).queryByText("History")).toBeNull();
  });

  it("highlights itself when a notification was about it", () => {
    vi.spyOn(HTMLElement.prototype, "scrollIntoView").mockImplementation(() => undefined);
    const card = renderCard(aTrade(), { focused: true });
    expect(card.classList.contains("trade-card-focused")).toBe(true);
    expect(document.activeElement).toBe(card);
  });
});

function pending(overrides: Partial<PendingFinalisation> = {}): PendingFinalisation {
  return {
    intent: "complete",
    by: "user",
    commandedAt: NOW,
    commandKey: "command-key-0001",
    collectiveId: null,
    deadline: plusMinutes(NOW, 10),
    resends: 0,
    ...overrides,
  };
}

/** The history disclosure opened, its lines as text without their times. */
async function historyLines(card: HTMLElement): Promise<string[]> {
  const details = within(card).getByText("History").closest("details") as HTMLDetailsElement;
  details.open = true;
  fireEvent(details, new Event("toggle"));
  const entries = await within(details).findAllByRole("listitem");
  return entries.map((entry) => entry.textContent?.slice((entry.querySelector("time")?.textContent ?? "").length + 1) ?? "");
}

describe("TradeCard lifecycle", () => {
  it.each<[TradeState, string, string]>([
    ["open", "Open", "chip-none"],
    ["finalising", "Finalising", "chip-progress"],
    ["completed", "Completed", "chip-done"],
    ["failed", "Failed", "chip-attention"],
  ])("shows the %s state as a chip in words", (state, label, tone) => {
    const card = renderCard(aTrade({ lifecycle: { state } }));
    const chip = card.querySelector(".trade-state .chip");
    expect(chip?.textContent).toBe(label);
    expect(chip?.classList.contains(tone)).toBe(true);
  });

  it("says which shop a finalising order waits for, and for what", () => {
    const confirming = renderCard(aTrade({ lifecycle: { state: "finalising", pending: pending() } }));
    expect(confirming.querySelector(".trade-state")?.textContent).toBe("Finalising Waiting for Green Leaf Tea to confirm");
    cleanup();
    const together = renderCard(aTrade({ lifecycle: { state: "finalising", pending: pending({ intent: "fail", by: "collective" }) } }));
    expect(together.querySelector(".trade-state")?.textContent).toBe(
      "Finalising Waiting for Green Leaf Tea to cancel, together with other orders",
    );
  });

  it("flags an order open longer than the user's limit", () => {
    const since = plusMinutes(NOW, -12 * DAY_MINUTES - 60);
    const card = renderCard(aTrade({ lifecycle: { state: "open", since, overdueSince: plusMinutes(NOW, -2 * DAY_MINUTES) } }), {
      waitLimitDays: 10,
    });
    expect(card.querySelector(".trade-overdue")?.textContent).toBe("⚠ Open for 12 days, longer than your 10-day limit");
  });

  it("flags no order that is not overdue", () => {
    const card = renderCard(aTrade({ lifecycle: { since: plusMinutes(NOW, -12 * DAY_MINUTES) } }), { waitLimitDays: 10 });
    expect(card.querySelector(".trade-overdue")).toBeNull();
  });

  it("lists the lifecycle's transitions in the history with the state they led to", async () => {
    const card = renderCard(
      aTrade({
        lifecycle: {
          state: "completed",
          transitions: [
            { at: plusMinutes(NOW, -120), from: null, to: "open", cause: "captured", text: "Order captured" },
            { at: plusMinutes(NOW, -60), from: "open", to: "finalising", cause: "command", text: "You confirmed receipt" },
            { at: NOW, from: "finalising", to: "completed", cause: "shop-reply", text: "Green Leaf Tea confirmed" },
          ],
        },
        history: [{ at: plusMinutes(NOW, -90), kind: "status", source: "delivery", code: null, text: "Delivered" }],
      }),
    );
    expect(await historyLines(card)).toEqual([
      "Completed: Green Leaf Tea confirmed",
      "Finalising: You confirmed receipt",
      "Delivered",
      "Open: Order captured",
    ]);
  });
});

describe("TradeCard returns, disclosures and reorders", () => {
  it("shows each return with its items, reason, status and the refund promised", () => {
    const card = renderCard(
      aTrade({
        returns: [
          aReturn({
            items: [{ sku: "GT-1", name: "Green tea", quantity: 2 }],
            reason: "Damaged or faulty",
            status: "accepted",
            refundAmount: { minor: 3998, currency: "EUR" },
            refundDueBy: plusMinutes(NOW, DAY_MINUTES),
            message: "Use the prepaid label",
          }),
        ],
      }),
    );
    const returns = within(card).getByRole("region", { name: "Returns of order GL-1001" });
    const line = within(returns).getByRole("listitem");
    expect(line.textContent).toBe(
      `Accepted 2 × Green tea · Damaged or faulty · asked todayRefund of ${formatMoney({ minor: 3998, currency: "EUR" })} due by tomorrowGreen Leaf Tea said: “Use the prepaid label”`,
    );
    expect(line.querySelector(".chip")?.classList.contains("chip-progress")).toBe(true);
  });

  it("has no returns section without returns", () => {
    expect(within(renderCard(aTrade())).queryByRole("region", { name: /Returns/ })).toBeNull();
  });

  it("says which personal details went to which shop and when", () => {
    const card = renderCard(
      aTrade({
        disclosures: [
          { at: NOW, to: ORIGIN, fields: ["name", "address", "email"], command: "commit", collectiveId: "c1" },
          { at: plusMinutes(NOW, -DAY_MINUTES), to: "https://other.example", fields: ["email"], command: "confirm", collectiveId: null },
        ],
      }),
    );
    const list = within(card).getByRole("list", { name: "Personal details sent" });
    expect(within(list).getAllByRole("listitem").map((item) => item.textContent)).toEqual([
      "Your name, address, and e-mail sent to Green Leaf Tea today",
      "Your e-mail sent to other.example yesterday",
    ]);
  });

  it("links a reorder to its original, showing it on click", () => {
    const original = tradeKey(ORIGIN, "GL-0999");
    const onFocusTrade = vi.fn();
    const card = renderCard(aTrade({ reorderOf: original }), { originalInLedger: true, onFocusTrade });
    expect(card.querySelector(".trade-reorder")?.textContent).toBe("Reorder of GL-0999");
    fireEvent.click(within(card).getByRole("button", { name: "GL-0999" }));
    expect(onFocusTrade).toHaveBeenCalledWith(original);
  });

  it("names an original that is no longer in the ledger without a link", () => {
    const card = renderCard(aTrade({ reorderOf: tradeKey(ORIGIN, "GL-0999") }), { originalInLedger: false });
    expect(card.querySelector(".trade-reorder")?.textContent).toBe("Reorder of GL-0999");
    expect(within(card).queryByRole("button", { name: "GL-0999" })).toBeNull();
  });
});

describe("TradeCard in Select orders mode", () => {
  const together = () => aTrade({ info: { commands: shopCommands() }, delivery: { status: "in_transit" } });

  it("has a checkbox naming the order when it can be finalised with others", () => {
    const onToggle = vi.fn();
    const trade = together();
    const card = renderCard(trade, { selection: { selected: false, onToggle } });
    const box = within(card).getByRole("checkbox", { name: "Select order GL-1001 at Green Leaf Tea" }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    expect(onToggle).toHaveBeenCalledWith(trade.id);
  });

  it("shows a selected order checked", () => {
    const card = renderCard(together(), { selection: { selected: true, onToggle: vi.fn() } });
    expect((within(card).getByRole("checkbox") as HTMLInputElement).checked).toBe(true);
  });

  it("says why an order cannot be selected", () => {
    const card = renderCard(aTrade({ info: { commands: shopCommands(["confirm", "cancel"]) } }), {
      selection: { selected: false, onToggle: vi.fn() },
    });
    expect(within(card).queryByRole("checkbox")).toBeNull();
    expect(card.querySelector(".trade-select")?.textContent).toBe(
      "Cannot be selected: Green Leaf Tea does not accept all-or-nothing confirmation or cancellation through TradeWatch",
    );
  });

  it("shows no selection outside the mode", () => {
    expect(within(renderCard(together())).queryByRole("checkbox")).toBeNull();
  });
});

describe("statusLabel", () => {
  it("has words for every status of every source", () => {
    for (const status of SHOP_STATUSES) expect(statusLabel("shop", status, true)).not.toBe(status);
    for (const status of PAYMENT_STATUSES) expect(statusLabel("payment", status, true)).not.toBe(status);
    for (const status of DELIVERY_STATUSES) expect(statusLabel("delivery", status, true)).not.toBe(status);
  });

  it("reads the same word differently per source", () => {
    expect(statusLabel("payment", "pending", true)).toBe("Pending");
    expect(statusLabel("delivery", "pending", true)).toBe("Not shipped yet");
    expect(statusLabel("payment", "failed", true)).toBe("Payment failed");
    expect(statusLabel("payment", "authorized", true)).toBe("Authorised");
    expect(statusLabel("delivery", "in_transit", true)).toBe("In transit");
  });

  it("tells an unasked source from one without an address", () => {
    expect(statusLabel("shop", null, true)).toBe("Not asked yet");
    expect(statusLabel("shop", null, false)).toBe("No status address");
  });
});

describe("statusTone", () => {
  it("marks finished, failed and unknown statuses apart", () => {
    expect(statusTone("settled")).toBe("done");
    expect(statusTone("in_transit")).toBe("progress");
    expect(statusTone("cancelled")).toBe("attention");
    expect(statusTone(null)).toBe("none");
  });
});
