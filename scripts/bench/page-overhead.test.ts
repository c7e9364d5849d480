import { describe, expect, it } from "vitest";
import { detectorMilliseconds } from "./page-overhead";

const URL = "chrome-extension://id/content-scripts/detector.js";
const event = (name: string, ts: number, dur: number, url = URL, tid = 1) => ({ name, ph: "X", ts, dur, tid, args: { data: { url } } });

describe("the detector's main-thread time from a trace", () => {
  it("adds its evaluation and later calls into it, counting nested time once and other scripts never", () => {
    const events = [
      event("EvaluateScript", 1_000, 800),
      event("FunctionCall", 1_200, 100), // inside the evaluation
      event("FunctionCall", 5_000, 150),
      event("EvaluateScript", 9_000, 5_000, "http://127.0.0.1/page.js"),
      event("ParseHTML", 100, 5_000),
    ];
    expect(detectorMilliseconds(events, URL)).toBeCloseTo(0.95);
  });

  it("says so when the detector did not run in the trace", () => {
    expect(() => detectorMilliseconds([event("EvaluateScript", 0, 10, "http://127.0.0.1/page.js")], URL)).toThrow(/no evaluation/);
  });
});
