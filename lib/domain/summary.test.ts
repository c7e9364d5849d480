import { describe, expect, it } from "vitest";
import { isTradeFinished } from "./schedule";
import { sameSummary, tradeSummary, type SummaryRow } from "./summary";
import { aDeliveredOrder, aTrade, aWarning } from "./test-trades";
import { needsAttention } from "./views";

describe("tradeSummary's unfinished mark", () => {
  it("is on a trade until it is finished, needing attention or not", () => {
    const finished = aDeliveredOrder();
    expect(isTradeFinished(finished)).toBe(true);
    expect(tradeSummary(finished)).not.toHaveProperty("unfinished");

    expect(tradeSummary(aTrade()).unfinished).toBe(1);
    // Cancelled after the payment went through: settled and asking for no attention, yet the refund is still watched for.
    const refundOwed = aTrade({ shop: { status: "cancelled" }, payment: { status: "settled", amountCharged: { minor: 4740, currency: "EUR" } } });
    expect(needsAttention(refundOwed)).toBe(false);
    expect(isTradeFinished(refundOwed)).toBe(false);
    expect(tradeSummary(refundOwed)).toMatchObject({ unfinished: 1 });
    expect(tradeSummary(refundOwed)).not.toHaveProperty("attention");
  });
});

describe("sameSummary", () => {
  const row = tradeSummary(aTrade());

  it("holds for rows of the same values, built apart", () => {
    expect(sameSummary(row, tradeSummary(aTrade()))).toBe(true);
  });

  it("tells any changed field, the total's amount and currency and a mark added or gone included", () => {
    const changes: Partial<SummaryRow>[] = [
      { state: "completed" },
      { stateSince: "2026-11-21T10:00:00.000Z" },
      { itemText: "Black tea" },
      { itemCount: 4 },
      { delivery: "delivered" },
      { total: { ...row.total, minor: row.total.minor + 1 } },
      { total: { ...row.total, currency: "USD" } },
    ];
    for (const change of changes) expect(sameSummary(row, { ...row, ...change })).toBe(false);
    const marked = tradeSummary(aTrade({ warnings: [aWarning()] }));
    expect(marked.attention).toBe(1);
    const { attention: _, ...unmarked } = marked;
    expect(sameSummary(marked, unmarked)).toBe(false);
    expect(sameSummary(unmarked, marked)).toBe(false);
  });
});
