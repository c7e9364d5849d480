import { describe, expect, it } from "vitest";
import { sameSummary, tradeSummary, type SummaryRow } from "./summary";
import { aTrade, aWarning } from "./test-trades";

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
