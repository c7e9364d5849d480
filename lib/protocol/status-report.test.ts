import { describe, expect, it } from "vitest";
import { statusReportSchema } from "./status-report";

const shop = {
  tradewatch: 1,
  source: "shop",
  tradingId: "TW-100001",
  asOf: "2026-11-22T12:00:00Z",
  status: "processing",
};
const window = { status: "shipped", from: "2026-11-22T16:00:00Z", until: "2026-11-22T18:00:00+00:00" };

describe("an announced next change (nextChange)", () => {
  it("is optional: left out, null, or a window of the source's own statuses", () => {
    expect(statusReportSchema.parse(shop).nextChange).toBeUndefined();
    expect(statusReportSchema.parse({ ...shop, nextChange: null }).nextChange).toBeNull();
    expect(statusReportSchema.parse({ ...shop, nextChange: window }).nextChange).toEqual(window);
    const carrier = { ...shop, source: "delivery", status: "in_transit", nextChange: { ...window, status: "delivered" } };
    expect(statusReportSchema.parse(carrier).nextChange?.status).toBe("delivered");
  });

  it.each([
    ["a status of another source's vocabulary", { ...window, status: "settled" }],
    ["an unknown status", { ...window, status: "lost" }],
    ["an end before its start", { ...window, until: "2026-11-22T15:59:59Z" }],
    ["a time without offset", { ...window, from: "2026-11-22T16:00:00" }],
    ["a missing end", { status: "shipped", from: window.from }],
  ])("refuses %s", (_, nextChange) => {
    expect(statusReportSchema.safeParse({ ...shop, nextChange }).success).toBe(false);
  });
});
