import { describe, expect, it } from "vitest";
import { detectorTime } from "./page-overhead";

const URL = "chrome-extension://id/content-scripts/detector.js";
const event = (name: string, ts: number, dur: number, url = URL, tid = 1) => ({ name, ph: "X", ts, dur, tdur: dur / 2, tid, args: { data: { url } } });

describe("the detector's main-thread time from a trace", () => {
  it("adds its evaluation and later calls into it, counting nested time once and other scripts never, in CPU and wall time", () => {
    const events = [
      event("EvaluateScript", 1_000, 800),
      event("FunctionCall", 1_200, 100), // inside the evaluation
      event("FunctionCall", 5_000, 150),
      event("EvaluateScript", 9_000, 5_000, "http://127.0.0.1/page.js"),
      event("ParseHTML", 100, 5_000),
    ];
    const time = detectorTime(events, URL);
    expect(time.wallMs).toBeCloseTo(0.95);
    expect(time.cpuMs).toBeCloseTo(0.475);
  });

  it("says so when the detector did not run in the trace", () => {
    expect(() => detectorTime([event("EvaluateScript", 0, 10, "http://127.0.0.1/page.js")], URL)).toThrow(/no evaluation/);
  });
});
