import { describe, expect, it } from "vitest";
import { figure, formatTable, median, medianInterval, percentile } from "./figures";

describe("bench figures", () => {
  it("takes the nearest-rank percentile and the middle of the samples", () => {
    const sorted = Array.from({ length: 40 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.95)).toBe(38);
    expect(percentile([7], 0.95)).toBe(7);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("gives the median's 95 % interval by the ranks of a table of order statistics, clamped to the samples", () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(medianInterval(hundred)).toEqual({ low: 40, high: 61 });
    expect(medianInterval([5, 3, 4])).toEqual({ low: 3, high: 5 });
    expect(() => medianInterval([])).toThrow(/no samples/);
    const base = { id: "x", group: "1. Group", name: "x", unit: "ratio" as const, samples: [0.9, 1, 1.1] };
    expect(figure(base).medianInterval).toBeUndefined();
    expect(figure({ ...base, interval: true }).medianInterval).toEqual({ low: 0.9, high: 1.1 });
  });

  it("judges a target on the statistic it names", () => {
    const samples = [10, 20, 30, 40, 200];
    const base = { id: "x", group: "1. Group", name: "x", unit: "ms" as const, samples };
    expect(figure({ ...base, target: { on: "median", op: "<=", value: 30 } })).toMatchObject({ min: 10, median: 30, p95: 200, max: 200, runs: 5, pass: true });
    expect(figure({ ...base, target: { on: "p95", op: "<=", value: 150 } }).pass).toBe(false);
    expect(figure({ ...base, target: { on: "median", op: ">=", value: 31 } }).pass).toBe(false);
    expect(figure(base)).toMatchObject({ target: null, pass: null });
  });

  it("refuses a figure without usable samples rather than report nothing as a number", () => {
    expect(() => figure({ id: "x", group: "g", name: "empty", unit: "ms", samples: [] })).toThrow(/no usable samples/);
    expect(() => figure({ id: "x", group: "g", name: "nan", unit: "ms", samples: [1, Number.NaN] })).toThrow(/no usable samples/);
  });

  it("prints one line per figure under its group, with the verdict", () => {
    const table = formatTable([
      figure({ id: "a", group: "1. Pages", name: "detector", unit: "ms", samples: [0.2, 0.3], target: { on: "median", op: "<=", value: 0.5 } }),
      figure({ id: "b", group: "7. Sizes", name: "popup.html", unit: "bytes", samples: [2048], target: { on: "median", op: "<=", value: 1024 } }),
    ]);
    expect(table).toMatch(/1\. Pages\n.*\ndetector .* 0\.25 ms .* median ≤ 0\.5 ms +pass/);
    expect(table).toMatch(/7\. Sizes\n.*\npopup\.html .* 2 KB .* median ≤ 1 KB +FAIL/);
    const ratio = figure({ id: "c", group: "1. Pages", name: "ratio", unit: "ratio", samples: [0.9, 1, 1.1], interval: true });
    expect(formatTable([ratio])).toMatch(/\nratio .* 1\.000 \(0\.900–1\.100\) /);
  });
});
