import { describe, it, expect } from "vitest";
import { createServerClock } from "./clock";

function fakeRealTime(start: number) {
  let real = start;
  return { read: () => real, pass: (ms: number) => (real += ms) };
}

describe("createServerClock", () => {
  it("starts at startAt and runs with real time", () => {
    const real = fakeRealTime(1_000_000);
    const clock = createServerClock("2026-11-22T10:00:00.000Z", real.read);
    expect(clock.now().toISOString()).toBe("2026-11-22T10:00:00.000Z");
    real.pass(1500);
    expect(clock.now().toISOString()).toBe("2026-11-22T10:00:01.500Z");
  });

  it("defaults to real time", () => {
    const real = fakeRealTime(Date.parse("2030-01-01T00:00:00.000Z"));
    expect(createServerClock(undefined, real.read).now().toISOString()).toBe("2030-01-01T00:00:00.000Z");
  });

  it("set jumps and keeps running", () => {
    const real = fakeRealTime(0);
    const clock = createServerClock("2026-11-22T10:00:00.000Z", real.read);
    clock.set("2026-12-01T00:00:00+01:00");
    expect(clock.now().toISOString()).toBe("2026-11-30T23:00:00.000Z");
    real.pass(10);
    expect(clock.now().toISOString()).toBe("2026-11-30T23:00:00.010Z");
  });

  it("advance moves by milliseconds", () => {
    const real = fakeRealTime(0);
    const clock = createServerClock("2026-11-22T10:00:00.000Z", real.read);
    clock.advance(3 * 24 * 3600_000);
    expect(clock.now().toISOString()).toBe("2026-11-25T10:00:00.000Z");
  });

  it("rejects times and offsets that are not valid", () => {
    expect(() => createServerClock("yesterday")).toThrow(RangeError);
    const clock = createServerClock();
    expect(() => clock.set("not a date")).toThrow(/ISO-8601/);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
  });
});
