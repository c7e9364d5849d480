import { describe, expect, it } from "vitest";
import { amountPaid, amountRefunded, chargedInAll, chargesTaken, refundOwed, sumIn } from "./payments";
import { canAsk, isTradeFinished } from "./schedule";
import { aSourceState, aTrade, NOW } from "./test-trades";

const eur = (minor: number) => ({ minor, currency: "EUR" });
const usd = (minor: number) => ({ minor, currency: "USD" });

describe("payments", () => {
  it("sums charges in one currency only", () => {
    expect(chargedInAll([eur(100), eur(250)])).toEqual(eur(350));
    expect(chargedInAll([eur(100), { minor: 1, currency: "USD" }])).toBeNull();
    expect(chargedInAll([])).toBeNull();
    expect(chargedInAll([eur(Number.MAX_SAFE_INTEGER), eur(2)])).toBeNull();
  });

  it("sums in one currency, exactly or not at all", () => {
    expect(sumIn("EUR", [eur(100), { minor: 7, currency: "USD" }, eur(250)])).toBe(350);
    expect(sumIn("EUR", [])).toBe(0);
    expect(sumIn("EUR", [eur(Number.MAX_SAFE_INTEGER - 1), eur(1)])).toBe(Number.MAX_SAFE_INTEGER);
    expect(sumIn("EUR", [eur(Number.MAX_SAFE_INTEGER), eur(1)])).toBeNull();
    expect(sumIn("USD", [eur(Number.MAX_SAFE_INTEGER), eur(1)])).toBe(0);
  });

  it("knows what was paid and paid back", () => {
    expect(amountPaid(aSourceState({ status: "settled", amountCharged: eur(5997) }), "EUR")).toEqual(eur(5997));
    expect(amountPaid(aSourceState({ status: "authorized", amountCharged: eur(5997) }), "EUR")).toBeNull();
    expect(amountPaid(aSourceState({ charges: [eur(5997), eur(5997)] }), "EUR")).toEqual(eur(11994));
    expect(amountRefunded(aSourceState({ status: "refunded", refunds: null }), eur(5997))).toBe(5997);
    expect(amountRefunded(aSourceState({ refunds: [{ amount: eur(1000), at: NOW }] }), eur(5997))).toBe(1000);
    const huge = { amount: eur(Number.MAX_SAFE_INTEGER), at: NOW };
    expect(amountRefunded(aSourceState({ refunds: [huge, huge] }), eur(5997))).toBeNull();
  });

  it("knows what was paid in the order's currency when the charges mix currencies", () => {
    const mixed = aSourceState({ status: "settled", charges: [eur(5997), usd(6500)] });
    expect(amountPaid(mixed, "EUR")).toEqual(eur(5997));
    expect(amountPaid(mixed, "USD")).toEqual(usd(6500));
    expect(amountPaid(aSourceState({ status: "settled", amountCharged: usd(6500) }), "EUR")).toBeNull();
    expect(chargesTaken(aSourceState({ amountCharged: usd(6500) }))).toEqual([usd(6500)]);
    expect(chargesTaken(aSourceState({ amountCharged: usd(6500), charges: [eur(1), eur(2)] }))).toEqual([eur(1), eur(2)]);
  });

  it("owes the refund of the order's currency when the charges mix currencies", () => {
    const payment = { status: "settled" as const, charges: [eur(5997), usd(100)] };
    expect(refundOwed(aTrade({ shop: { status: "cancelled" }, payment }))).toBe(true);
    const refunded = { ...payment, refunds: [{ amount: eur(5997), at: NOW }] };
    expect(refundOwed(aTrade({ shop: { status: "cancelled" }, payment: refunded }))).toBe(false);
  });

  it("owes a refund once the shop cancelled in answer to a cancel command, before its status says so", () => {
    const payment = { status: "settled" as const, amountCharged: eur(5997) };
    expect(refundOwed(aTrade({ shop: { status: "received", outcome: "failed" }, payment }))).toBe(true);
    expect(refundOwed(aTrade({ shop: { status: "received", outcome: "completed" }, payment }))).toBe(false);
  });

  it("keeps asking the payment service of a cancelled, paid order until the refund arrives", () => {
    const paid = { status: "settled" as const, amountCharged: eur(5997), charges: [eur(5997)] };
    const cancelled = aTrade({ shop: { status: "cancelled" }, payment: paid });
    expect(refundOwed(cancelled)).toBe(true);
    expect(isTradeFinished(cancelled)).toBe(false);
    expect(canAsk(cancelled, "payment")).toBe(true);
    expect(canAsk(cancelled, "shop")).toBe(false);

    const refunded = aTrade({ shop: { status: "cancelled" }, payment: { ...paid, refunds: [{ amount: eur(5997), at: NOW }] } });
    expect(refundOwed(refunded)).toBe(false);
    expect(isTradeFinished(refunded)).toBe(true);
    expect(canAsk(refunded, "payment")).toBe(false);
  });

  it("owes a refund after a return, not before", () => {
    const paid = { status: "settled" as const, amountCharged: eur(5997) };
    expect(refundOwed(aTrade({ delivery: { status: "delivered" }, payment: paid }))).toBe(false);
    expect(refundOwed(aTrade({ delivery: { status: "returned" }, payment: paid }))).toBe(true);
    expect(refundOwed(aTrade({ shop: { status: "cancelled" } }))).toBe(false);
    const huge = { amount: eur(Number.MAX_SAFE_INTEGER), at: NOW };
    expect(refundOwed(aTrade({ delivery: { status: "returned" }, payment: { ...paid, refunds: [huge, huge] } }))).toBe(false);
  });
});
