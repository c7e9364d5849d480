import { describe, expect, it } from "vitest";
import { figure, formatTable, geometricMean, median, percentile } from "./figures";

describe("bench figures", () => {
  it("takes the nearest-rank percentile and the middle of the samples", () => {
    const sorted = Array.from({ length: 40 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.95)).toBe(38);
    expect(percentile([7], 0.95)).toBe(7);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("gives the geometric mean of ratios with its 95 % interval, only where asked", () => {
    // Logarithms ±0.1 around log 1.02: mean log 1.02, standard deviation 0.1 · √(4/3) over four samples.
    const ratios = [-0.1, 0.1, -0.1, 0.1].map((offset) => 1.02 * Math.exp(offset));
    const { value, interval } = geometricMean(ratios);
    expect(value).toBeCloseTo(1.02, 12);
    const margin = 1.96 * Math.sqrt(((4 * 0.01) / 3) / 4);
    expect(interval.low).toBeCloseTo(1.02 * Math.exp(-margin), 12);
    expect(interval.high).toBeCloseTo(1.02 * Math.exp(margin), 12);
    expect(geometricMean([1.5]).interval).toEqual({ low: 1.5, high: 1.5 });
    expect(() => geometricMean([])).toThrow(/no samples/);
    expect(() => geometricMean([1, 0])).toThrow(/positive samples/);
    const base = { id: "x", group: "1. Group", name: "x", unit: "ratio" as const, samples: [0.9, 1, 1.1] };
    expect(figure(base).geomean).toBeUndefined();
    expect(figure({ ...base, geometricMean: true }).geomean).toBeCloseTo(Math.cbrt(0.99), 12);
  });

  it("judges a ratio on its geometric mean, which the skew of the samples moves away from their median", () => {
    // Most rounds a little above 1, a long tail below: the median says 1.03, the geometric mean under 1.
    const samples = [0.6, 0.7, 0.8, 1.03, 1.04, 1.05, 1.06];
    const judged = figure({ id: "r", group: "1. Group", name: "r", unit: "ratio", samples, target: { on: "geomean", op: "<=", value: 1.02 } });
    expect(judged.median).toBe(1.03);
    expect(judged.geomean).toBeLessThan(1);
    expect(judged.pass).toBe(true);
    expect(figure({ id: "r", group: "1. Group", name: "r", unit: "ratio", samples, target: { on: "median", op: "<=", value: 1.02 } }).pass).toBe(false);
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
    const ratio = figure({ id: "c", group: "1. Pages", name: "ratio", unit: "ratio", samples: [1, 1, 1], target: { on: "geomean", op: "<=", value: 1.02 } });
    expect(formatTable([ratio])).toMatch(/\nratio .* 1\.000 \(1\.000–1\.000\) .* geo\. mean ≤ 1\.020 +pass/);
  });
});
