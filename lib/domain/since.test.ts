import { describe, expect, it } from "vitest";
import { applyReport } from "./reconcile";
import { ENGLISH, type Language } from "../i18n/translate";
import { changesBetween, summariseChanges } from "./since";
import { aCapturedOrder, aDeliveryReport, aPaymentReport, aReturn, aShopReport, aTrade, NOW, plusMinutes } from "./test-trades";
import { newTrade } from "./trade";
import { CHANGE_KINDS } from "./types";
import type { ChangeEntry, ChangeKind, Money, Trade } from "./types";

const eur = (minor: number): Money => ({ minor, currency: "EUR" });
const at = (minutes: number) => plusMinutes(NOW, minutes);
const paid = { status: "settled" as const, amountCharged: eur(5997), asOf: at(2) };
const delivered = (trade: Trade) => ({ delivery: { ...trade.processing.delivery, status: "delivered" as const } });

function kinds(entries: ChangeEntry[]): [ChangeKind, string][] {
  return entries.map((entry) => [entry.kind, entry.text]);
}

describe("changesBetween", () => {
  it("reports nothing for a capture", () => {
    expect(changesBetween(null, newTrade(aCapturedOrder(), NOW), NOW)).toEqual([]);
  });

  it("reports a delivery, a payment and the completion they make, each in one sentence", () => {
    const captured = newTrade(aCapturedOrder(), NOW);
    const delivered = applyReport(captured, aDeliveryReport({ status: "delivered", asOf: at(1) }), at(1));
    expect(changesBetween(captured, delivered, at(1))).toEqual([
      {
        at: at(1),
        tradeId: captured.id,
        tradingId: "GL-1001",
        shopName: "Green Leaf Tea",
        kind: "delivered",
        text: "Green tea ×3 from Green Leaf Tea was delivered",
      },
    ]);
    const settled = applyReport(delivered, aPaymentReport(paid), at(2));
    expect(kinds(changesBetween(delivered, settled, at(2)))).toEqual([
      ["settled", "Green tea ×3 from Green Leaf Tea was paid (€59.97)"],
      ["completed", "Green tea ×3 from Green Leaf Tea is complete: Delivered and paid"],
    ]);
  });

  it("reports each change once across successive updates", () => {
    const updates = [
      (t: Trade) => applyReport(t, aDeliveryReport({ status: "delivered", asOf: at(1) }), at(1)),
      (t: Trade) => applyReport(t, aShopReport({ status: "delivered", asOf: at(2) }), at(2)),
      (t: Trade) => applyReport(t, aDeliveryReport({ status: "in_transit", asOf: at(3) }), at(3)),
      (t: Trade) => applyReport(t, aDeliveryReport({ status: "delivered", asOf: at(4) }), at(4)),
      (t: Trade) => applyReport(t, aPaymentReport({ ...paid, asOf: at(5) }), at(5)),
      (t: Trade) => applyReport(t, aPaymentReport({ ...paid, status: "authorized", asOf: at(6) }), at(6)),
      (t: Trade) => applyReport(t, aPaymentReport({ ...paid, asOf: at(7) }), at(7)),
      (t: Trade) => applyReport(t, aPaymentReport({ ...paid, asOf: at(8) }), at(8)),
    ];
    let trade = newTrade(aCapturedOrder(), NOW);
    const feed: ChangeEntry[] = [];
    for (const update of updates) {
      const next = update(trade);
      feed.push(...changesBetween(trade, next, next.history.at(-1)?.at ?? NOW));
      trade = next;
    }
    const counted = summariseChanges(feed).counts;
    expect([counted.delivered, counted.settled]).toEqual([1, 1]);
  });

  it("reports a failure with its reason, and refunds by how much they grew", () => {
    const settled = aTrade({ payment: { ...paid, charges: [eur(5997)], refunds: [] } });
    const partly = applyReport(settled, aPaymentReport({ ...paid, charges: [eur(5997)], refunds: [{ amount: eur(1000), at: at(3) }], asOf: at(3) }), at(3));
    expect(kinds(changesBetween(settled, partly, at(3)))).toEqual([["refunded", "Green Leaf Tea refunded €10.00 for Green tea ×3"]]);
    const refunds = [{ amount: eur(1000), at: at(3) }, { amount: eur(4997), at: at(4) }];
    const fully = applyReport(partly, aPaymentReport({ ...paid, status: "refunded", charges: [eur(5997)], refunds, asOf: at(4) }), at(4));
    expect(kinds(changesBetween(partly, fully, at(4)))).toEqual([
      ["failed", "Green tea ×3 from Green Leaf Tea failed: Refunded in full"],
      ["refunded", "Green Leaf Tea refunded €49.97 for Green tea ×3"],
    ]);
  });

  it("reports each new open warning, but not one already known or acknowledged", () => {
    const before = aTrade();
    const after = applyReport(before, aPaymentReport({ status: "settled", amountCharged: eur(6500), charges: [eur(3250), eur(3250), eur(3250)] }), at(1));
    expect(kinds(changesBetween(before, after, at(1)))).toEqual([
      ["settled", "Green tea ×3 from Green Leaf Tea was paid (€65.00)"],
      ["warning", "Green tea ×3 from Green Leaf Tea: Charged 3 times (€32.50 + €32.50 + €32.50 = €97.50) for an order total of €59.97"],
    ]);
    expect(changesBetween(after, after, at(2))).toEqual([]);
    const muted = { ...after, warnings: after.warnings.map((w) => ({ ...w, acknowledgedAt: at(1) })) };
    expect(changesBetween(before, muted, at(1)).map((e) => e.kind)).toEqual(["settled"]);
  });

  it("writes no text for an update that tells nothing", () => {
    let written = 0;
    const counting: Language = { ...ENGLISH, t: (key, ...substitutions) => (written++, ENGLISH.t(key, ...substitutions)) };
    const before = aTrade({ shop: { status: "received" } });
    const after = applyReport(before, aShopReport({ status: "processing", asOf: at(1) }), at(1));
    expect(after).not.toEqual(before);
    expect(changesBetween(before, after, at(1), counting)).toEqual([]);
    expect(written).toBe(0);
    expect(kinds(changesBetween(before, { ...after, processing: { ...after.processing, ...delivered(after) } }, at(1), counting))).toEqual([
      ["delivered", "Green tea ×3 from Green Leaf Tea was delivered"],
    ]);
    expect(written).toBeGreaterThan(0);
  });

  it("reports a return the shop refunded", () => {
    const accepted = aReturn({ shopReturnId: "R-1", status: "accepted" });
    const before = aTrade({ delivery: { status: "delivered" }, returns: [accepted] });
    const report = aShopReport({ status: "delivered", returns: [{ returnId: "R-1", status: "refunded", refundAmount: null, refundDueBy: null }] });
    const after = applyReport(before, report, at(1));
    expect(kinds(changesBetween(before, after, at(1)))).toEqual([
      ["returned", "The return of Green tea ×1 to Green Leaf Tea was refunded"],
    ]);
  });
});

describe("summariseChanges", () => {
  const entry = (kind: ChangeKind): ChangeEntry => ({ at: NOW, tradeId: "t", tradingId: "1", shopName: "S", kind, text: "" });

  it("counts every kind and writes a headline of what happened", () => {
    const entries = (["delivered", "delivered", "settled", "warning", "refunded", "returned", "returned"] as const).map(entry);
    const summary = summariseChanges(entries);
    expect(summary.counts).toEqual({ delivered: 2, settled: 1, completed: 0, failed: 0, refunded: 1, warning: 1, returned: 2 });
    expect(summary.headline).toBe("2 delivered, 1 settled, 1 refund, 1 new warning, and 2 returns refunded since your last visit");
    expect(summariseChanges(CHANGE_KINDS.flatMap((kind) => [entry(kind), entry(kind)])).headline).toBe(
      "2 delivered, 2 settled, 2 completed, 2 failed, 2 refunds, 2 new warnings, and 2 returns refunded since your last visit",
    );
  });

  it("says when nothing changed", () => {
    expect(summariseChanges([])).toEqual({
      counts: { delivered: 0, settled: 0, completed: 0, failed: 0, refunded: 0, warning: 0, returned: 0 },
      headline: "Nothing changed since your last visit",
    });
  });
});
