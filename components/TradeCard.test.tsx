// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen, within } from "@testing-library/preact";
import { formatMoney } from "../lib/domain/money";
import { aTrade, NOW, plusMinutes } from "../lib/domain/test-trades";
import { DELIVERY_STATUSES, PAYMENT_STATUSES, SHOP_STATUSES, type Trade } from "../lib/domain/types";
import { statusLabel, statusTone } from "./labels";
import { TradeCard } from "./TradeCard";

afterEach(cleanup);

const DAY_MINUTES = 24 * 60;

function renderCard(trade: Trade) {
  render(
    <ul>
      <TradeCard trade={trade} now={NOW} />
    </ul>,
  );
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

  it("writes other dates with the day and month of the browser's locale", () => {
    const completedAt = plusMinutes(NOW, -10 * DAY_MINUTES);
    const card = renderCard(aTrade({ payment: { status: "settled", completedAt } }));
    const day = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" }).format(new Date(completedAt));
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

  it("counts the trade's warnings", () => {
    const warning = { code: "payment-overdue", source: "payment", message: "Payment is overdue", firstSeenAt: NOW } as const;
    const card = renderCard(
      aTrade({ warnings: [warning, { ...warning, code: "delivery-overdue", source: "delivery" }] }),
    );
    expect(card.textContent).toContain("2 warnings");
  });

  it("shows no warning count without warnings", () => {
    const card = renderCard(aTrade());
    expect(card.textContent).not.toContain("warning");
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
