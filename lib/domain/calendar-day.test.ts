import { describe, expect, it } from "vitest";
import { endOfDay, orderDayInstant } from "./calendar-day";

describe("orderDayInstant", () => {
  it("is the capture time when the day is today in the user's time zone", () => {
    // 22:00 on 1 December in New York.
    expect(orderDayInstant("2026-12-01", "2026-12-02T03:00:00.000Z", "America/New_York")).toBe("2026-12-02T03:00:00.000Z");
  });

  it("is noon of the day there otherwise, east and west of UTC", () => {
    expect(orderDayInstant("2026-12-01", "2026-12-02T06:00:00.000Z", "America/New_York")).toBe("2026-12-01T17:00:00.000Z");
    expect(orderDayInstant("2026-12-01", "2026-12-01T12:00:00.000Z", "Pacific/Kiritimati")).toBe("2026-11-30T22:00:00.000Z");
    expect(orderDayInstant("2026-11-20", "2026-12-01T12:00:00.000Z", "Asia/Kolkata")).toBe("2026-11-20T06:30:00.000Z");
  });

  it("is null for what is not a day", () => {
    expect(orderDayInstant("2026-02-30", "2026-12-01T12:00:00.000Z", "UTC")).toBeNull();
    expect(orderDayInstant("1 December", "2026-12-01T12:00:00.000Z", "UTC")).toBeNull();
  });
});

describe("endOfDay", () => {
  it("is the last millisecond of the day in the user's time zone, across clock changes", () => {
    expect(endOfDay("2026-11-27", "America/New_York")).toBe("2026-11-28T04:59:59.999Z");
    // The days clocks go forward (EDT from 8 March) and back (EST from 1 November).
    expect(endOfDay("2026-03-08", "America/New_York")).toBe("2026-03-09T03:59:59.999Z");
    expect(endOfDay("2026-11-01", "America/New_York")).toBe("2026-11-02T04:59:59.999Z");
    expect(endOfDay("2026-11-27", "Asia/Kolkata")).toBe("2026-11-27T18:29:59.999Z");
  });

  it("reads the day in UTC when Intl does not know the zone, and never throws", () => {
    expect(endOfDay("2026-11-27", "Not/A_Zone")).toBe("2026-11-27T23:59:59.999Z");
    expect(endOfDay("0000-01-01", "UTC")).toBeNull();
    expect(endOfDay("2026-13-01", "UTC")).toBeNull();
  });
});
