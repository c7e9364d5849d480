import { describe, expect, it } from "vitest";
import { initialLifecycle } from "./lifecycle";
import { aCapturedOrder, aSourceState, NOW, ORIGIN, plusMinutes, shopCommands } from "./test-trades";
import { mergeCaptured, newTrade } from "./trade";
import { SOURCES } from "./types";
import type { Source, SourceState, Trade } from "./types";

const DUE = "2026-11-30T00:00:00.000Z";
const EXPECTED = "2026-11-23T18:00:00.000Z";
const LATER = plusMinutes(NOW, 60);
const SHOP_ONLY = { shop: `${ORIGIN}/s`, payment: null, delivery: null };

function withSource(trade: Trade, source: Source, state: Partial<SourceState>): Trade {
  return { ...trade, processing: { ...trade.processing, [source]: { ...trade.processing[source], ...state } } };
}

describe("newTrade", () => {
  it("starts every source empty, with the announced dates, and asks soon after capture", () => {
    const captured = aCapturedOrder({ paymentDueAt: DUE, expectedDeliveryAt: EXPECTED });
    const trade = newTrade(captured, NOW);
    expect(trade).toEqual({
      id: `${ORIGIN} GL-1001`,
      info: captured.info,
      processing: {
        shop: aSourceState({ scheduledAt: EXPECTED, nextCheckAt: NOW }),
        payment: aSourceState({ scheduledAt: DUE, nextCheckAt: NOW }),
        delivery: aSourceState({ scheduledAt: EXPECTED, nextCheckAt: NOW }),
      },
      warnings: [],
      history: [
        { at: NOW, kind: "captured", source: null, code: null, text: "Order GL-1001 captured at Green Leaf Tea" },
      ],
      lifecycle: initialLifecycle(NOW),
      returns: [],
      disclosures: [],
      reorderOf: null,
      notice: null,
      nextCheckAt: NOW,
    });
    expect(trade.lifecycle).toEqual({
      state: "open",
      since: NOW,
      pending: null,
      overdueSince: null,
      transitions: [{ at: NOW, from: null, to: "open", cause: "captured", text: "Order captured" }],
    });
  });

  it("links a reorder placed through TradeWatch to the trade it reorders", () => {
    const original = `${ORIGIN} GL-1000`;
    expect(newTrade(aCapturedOrder(), NOW, original).reorderOf).toBe(original);
  });

  it("schedules nothing for sources without an endpoint", () => {
    const partial = newTrade(aCapturedOrder({ info: { endpoints: SHOP_ONLY } }), NOW);
    expect([partial.processing.shop.nextCheckAt, partial.processing.payment.nextCheckAt]).toEqual([NOW, null]);
    expect(partial.processing.delivery.nextCheckAt).toBeNull();

    const none = newTrade(aCapturedOrder({ info: { endpoints: { shop: null, payment: null, delivery: null } } }), NOW);
    expect(none).not.toHaveProperty("nextCheckAt");
  });

  it("warns at once about dates that already passed", () => {
    const trade = newTrade(aCapturedOrder({ paymentDueAt: plusMinutes(NOW, -1), expectedDeliveryAt: null }), NOW);
    expect(trade.warnings).toEqual([
      {
        code: "payment-overdue",
        source: "payment",
        message: "Payment was due on Nov 20, 2026 and has not been reported yet",
        firstSeenAt: NOW,
        acknowledgedAt: null,
      },
    ]);
    expect(trade.history.map((entry) => [entry.kind, entry.code])).toEqual([
      ["captured", null],
      ["warning", "payment-overdue"],
    ]);
  });
});

describe("mergeCaptured", () => {
  it("returns the existing trade itself when the capture adds nothing", () => {
    const existing = newTrade(aCapturedOrder({ paymentDueAt: DUE }), NOW);
    const again = aCapturedOrder({
      paymentDueAt: "2026-12-31T00:00:00Z",
      info: { capturedAt: LATER, total: { minor: 1, currency: "EUR" } },
    });
    expect(mergeCaptured(existing, again, LATER)).toBe(existing);
  });

  it("fills a missing endpoint and asks that source soon, keeping everything known", () => {
    const first = aCapturedOrder({ paymentDueAt: plusMinutes(NOW, -1), info: { endpoints: SHOP_ONLY } });
    const captured = newTrade(first, NOW);
    const existing = withSource(captured, "shop", { status: "shipped", nextCheckAt: plusMinutes(LATER, 30) });
    const second = aCapturedOrder({
      info: {
        capturedAt: LATER,
        endpoints: { shop: `${ORIGIN}/other`, payment: "https://pay.example/p", delivery: null },
      },
    });
    const merged = mergeCaptured(existing, second, LATER);
    expect(merged.info).toEqual({ ...first.info, endpoints: { ...SHOP_ONLY, payment: "https://pay.example/p" } });
    expect(merged.processing.shop).toBe(existing.processing.shop);
    expect(merged.processing.payment.nextCheckAt).toBe(LATER);
    expect(merged.processing.delivery.nextCheckAt).toBeNull();
    expect(merged.nextCheckAt).toBe(LATER);
    expect(merged.warnings.map((w) => [w.code, w.firstSeenAt])).toEqual([["payment-overdue", NOW]]);
    expect(existing.info.endpoints.payment).toBeNull();
  });

  it("fills announced dates the existing trade did not have, but never replaces one", () => {
    const existing = newTrade(aCapturedOrder({ paymentDueAt: DUE }), NOW);
    const again = aCapturedOrder({ paymentDueAt: LATER, expectedDeliveryAt: EXPECTED });
    const merged = mergeCaptured(existing, again, LATER);
    expect(SOURCES.map((source) => merged.processing[source].scheduledAt)).toEqual([EXPECTED, DUE, EXPECTED]);
    expect(merged.processing.payment.nextCheckAt).toBe(NOW);
  });

  it("does not ask a newly known source of a finished trade, or one already final", () => {
    const noPayment = aCapturedOrder({ info: { endpoints: SHOP_ONLY } });
    const cancelled = withSource(newTrade(noPayment, NOW), "shop", { status: "cancelled", nextCheckAt: null });
    const merged = mergeCaptured(cancelled, aCapturedOrder(), LATER);
    expect(merged.info.endpoints.payment).toBe("https://pay.example/tradewatch");
    expect(merged.processing.payment.nextCheckAt).toBeNull();
    expect(merged).not.toHaveProperty("nextCheckAt");

    const settled = withSource(newTrade(noPayment, NOW), "payment", { status: "settled" });
    expect(mergeCaptured(settled, aCapturedOrder(), LATER).processing.payment.nextCheckAt).toBeNull();
  });

  it("fills the commands a reloaded confirmation page announces, but never replaces them", () => {
    const existing = newTrade(aCapturedOrder(), NOW);
    const announced = aCapturedOrder({ info: { commands: shopCommands(["confirm"]) } });
    const merged = mergeCaptured(existing, announced, LATER);
    expect(merged.info.commands).toEqual(shopCommands(["confirm"]));
    const other = aCapturedOrder({ info: { commands: shopCommands(["cancel"]) } });
    expect(mergeCaptured(merged, other, LATER)).toBe(merged);
  });

  it("re-evaluates warnings after filling a date that already passed, keeping known ones", () => {
    const existing = newTrade(aCapturedOrder(), NOW);
    const merged = mergeCaptured(existing, aCapturedOrder({ expectedDeliveryAt: plusMinutes(NOW, -5) }), LATER);
    expect(merged.warnings.map((w) => [w.code, w.firstSeenAt])).toEqual([["delivery-overdue", LATER]]);
    expect(merged.history.slice(existing.history.length)).toEqual([
      {
        at: LATER,
        kind: "warning",
        source: "delivery",
        code: "delivery-overdue",
        text: "Delivery was expected by Nov 20, 2026 and has not been reported yet",
      },
    ]);
  });
});
