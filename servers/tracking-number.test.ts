import { getTracking } from "ts-tracking-number";
import { describe, expect, it } from "vitest";
import { upsTrackingNumber } from "./tracking-number";

describe("upsTrackingNumber", () => {
  it("uses the order's number as package id and UPS's check digit", () => {
    // UPS's own example number: package id 2345678, check digit 4.
    expect(upsTrackingNumber("TW-2345678")).toBe("1Z999AA10123456784");
  });

  it("gives each order a number a tracking library accepts as UPS", () => {
    const numbers = ["TW-100001", "TW-100002", "TW-123459", "TW-999999"].map(upsTrackingNumber);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const number of numbers) expect(getTracking(number)?.courier.code, number).toBe("ups");
  });
});
