import { describe, expect, it } from "vitest";
import { ARMS, cpuAddedPerLoad, roundRatios, scriptTime, SET_SLOTS, SLOT_ORDERS, sumPasses, tracedFigures } from "./page-overhead";

const URL = "chrome-extension://id/content-scripts/detector.js";
const event = (name: string, ts: number, dur: number, url = URL, tid = 1) => ({ name, ph: "X", ts, dur, tdur: dur / 2, tid, args: { data: { url } } });

describe("an injected script's main-thread time from a trace", () => {
  it("adds its evaluation and later calls into it, counting nested time once and other scripts never, in CPU and wall time", () => {
    const events = [
      event("EvaluateScript", 1_000, 800),
      event("FunctionCall", 1_200, 100), // inside the evaluation
      event("FunctionCall", 5_000, 150),
      event("EvaluateScript", 9_000, 5_000, "http://127.0.0.1/page.js"),
      event("ParseHTML", 100, 5_000),
    ];
    const time = scriptTime(events, URL);
    expect(time.wallMs).toBeCloseTo(0.95);
    expect(time.cpuMs).toBeCloseTo(0.475);
  });

  it("says so when the script did not run in the trace", () => {
    expect(() => scriptTime([event("EvaluateScript", 0, 10, "http://127.0.0.1/page.js")], URL)).toThrow(/no evaluation/);
  });
});

describe("the detector's figures from the traced loads", () => {
  it("times each script where it went first into the page, and pairs their difference in every load", () => {
    const time = (cpuMs: number) => ({ cpuMs, wallMs: cpuMs * 2 });
    const figures = tracedFigures([
      { detector: time(0.4), floor: time(0.15), floorAt: "before" },
      { detector: time(0.5), floor: time(0.1), floorAt: "after" },
      { detector: time(0.42), floor: time(0.16), floorAt: "before" },
    ]);
    expect(figures.detector).toEqual([time(0.5)]);
    expect(figures.floorCpuMs).toEqual([0.15, 0.16]);
    expect(figures.overFloorCpuMs.map((ms) => ms.toFixed(2))).toEqual(["0.25", "0.40", "0.26"]);
  });
});

describe("the load ratios of one round", () => {
  it("sets TradeWatch's load against the geometric mean of both browsers without it, and one of those against the other", () => {
    expect(roundRatios({ with: 90, without: 100, control: 81 })).toEqual({ ratio: 1, control: 0.81 });
    expect(roundRatios({ with: 110, without: 100, control: 100 }).ratio).toBeCloseTo(1.1);
  });
});

describe("the CPU time TradeWatch adds to a page load", () => {
  it("sets the processes outside the page's renderer against the mean of both browsers without it, per load", () => {
    const cpu = (browser: number, page: number, extension: number, other: number) => ({ browser, page, extension, other });
    const added = cpuAddedPerLoad({ loads: 10, with: cpu(500, 900, 40, 100), without: cpu(460, 880, 0, 100), control: cpu(480, 940, 0, 60) });
    expect(added.added).toBeCloseTo((640 - (560 + 540) / 2) / 10);
    expect(added.control).toBeCloseTo(-2);
  });

  it("counts a page's passes in several sets as one pass over all their loads", () => {
    const cpu = (browser: number, extension: number, page = 100, other = 10) => ({ browser, page, extension, other });
    const passes = [
      { loads: 12, with: cpu(300, 30), without: cpu(250, 0), control: cpu(260, 0) },
      { loads: 12, with: cpu(310, 20), without: cpu(270, 0), control: cpu(240, 0) },
    ];
    const sum = sumPasses(passes);
    expect(sum).toEqual({ loads: 24, with: cpu(610, 50, 200, 20), without: cpu(520, 0, 200, 20), control: cpu(500, 0, 200, 20) });
    expect(cpuAddedPerLoad(sum).added).toBeCloseTo((680 - (540 + 520) / 2) / 24);
  });
});

const count = (pairs: string[]) => pairs.reduce((counts, pair) => counts.set(pair, (counts.get(pair) ?? 0) + 1), new Map<string, number>());

describe("the order of the loads", () => {
  it("puts each slot in each place, and after each slot, equally often, the rounds taken over and over", () => {
    const loads = SLOT_ORDERS.flat();
    const places = count(SLOT_ORDERS.flatMap((order) => order.map((slot, place) => `${slot} in ${place}`)));
    const successions = count(loads.map((slot, index) => `${slot} after ${loads.at(index - 1)!}`));
    expect(SLOT_ORDERS.every((order) => [...order].sort().join() === "0,1,2")).toBe(true);
    expect(places.size).toBe(9);
    expect(new Set(places.values())).toEqual(new Set([2]));
    expect(successions.size).toBe(9);
    expect(new Set(successions.values())).toEqual(new Set([2]));
  });

  it("gives every arm every slot, and so every place in the browsers' launch, in two sets of six", () => {
    expect(new Set(SET_SLOTS.map((slots) => slots.join()))).toHaveProperty("size", 6);
    expect(SET_SLOTS.every((slots) => [...slots].sort().join() === [...ARMS].sort().join())).toBe(true);
    const slotsOfArms = count(SET_SLOTS.flatMap((slots) => slots.map((arm, slot) => `${arm} in ${slot}`)));
    expect(slotsOfArms.size).toBe(9);
    expect(new Set(slotsOfArms.values())).toEqual(new Set([2]));
  });
});
