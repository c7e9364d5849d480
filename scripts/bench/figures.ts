/**
 * One benchmark figure: the samples of repeated runs summed up as min/median/p95/max, and the
 * issue's target for it (checked on the statistic the target names) with pass or fail.
 */
export type Unit = "ms" | "min" | "ratio" | "bytes" | "requests" | "updates/s" | "count";

export interface Target {
  /**
   * The statistic the target applies to: timings on a busy machine are judged on the median
   * unless the issue names a percentile; a ratio of paired timings on its geometric mean.
   */
  on: "median" | "p95" | "geomean";
  op: "<=" | ">=";
  value: number;
}

export interface Figure {
  id: string;
  group: string;
  name: string;
  unit: Unit;
  runs: number;
  min: number;
  median: number;
  p95: number;
  max: number;
  target: Target | null;
  /** Null when the figure has no target (shown for context, e.g. the baseline). */
  pass: boolean | null;
  /** For ratios of paired timings: their geometric mean, and where it lies with 95 % confidence. */
  geomean?: number;
  geomeanInterval?: Interval;
  note?: string;
}

export interface Interval {
  low: number;
  high: number;
}

export interface FigureInput {
  id: string;
  group: string;
  name: string;
  unit: Unit;
  samples: readonly number[];
  target?: Target;
  /** Report the samples' geometric mean with its 95 % interval (for ratios of paired timings). */
  geometricMean?: boolean;
  note?: string;
}

/** The value at `share` of the sorted samples (nearest rank), e.g. 0.95 for p95. */
export function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) throw new Error("no samples");
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))]!;
}

export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) throw new Error("no samples");
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The geometric mean of positive samples (the mean of their logarithms, taken back) and its 95 %
 * interval (that mean ± 1.96 standard errors). For ratios of paired load times it is the ratio of
 * the two sides' geometric means. Unlike the median it moves with every sample, so the shape of
 * the spread does not throw it: a page load here takes one of two courses (its layout once, or
 * also during parsing for an early frame, 5–12 % longer), the ratios spread flat with several
 * peaks, and in a probe of 576 rounds their median moved twice as much as the geometric mean
 * between sets of browsers and under resampling (docs/architecture.md, "Page loads"). With one
 * sample the interval is that sample.
 */
export function geometricMean(samples: readonly number[]): { value: number; interval: Interval } {
  if (samples.length === 0) throw new Error("no samples");
  if (samples.some((value) => !(value > 0))) throw new Error(`a geometric mean needs positive samples (${samples.join(", ")})`);
  const logs = samples.map(Math.log);
  const mean = logs.reduce((sum, log) => sum + log, 0) / logs.length;
  const variance = logs.length < 2 ? 0 : logs.reduce((sum, log) => sum + (log - mean) ** 2, 0) / (logs.length - 1);
  const margin = 1.96 * Math.sqrt(variance / logs.length);
  return { value: Math.exp(mean), interval: { low: Math.exp(mean - margin), high: Math.exp(mean + margin) } };
}

export function figure({ id, group, name, unit, samples, target, geometricMean: withGeomean, note }: FigureInput): Figure {
  if (samples.length === 0 || samples.some((value) => !Number.isFinite(value))) {
    throw new Error(`${name}: no usable samples (${samples.join(", ")})`);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const geo = withGeomean === true || target?.on === "geomean" ? geometricMean(sorted) : undefined;
  const stats = { min: sorted[0]!, median: median(sorted), p95: percentile(sorted, 0.95), max: sorted.at(-1)! };
  // A target on the geometric mean has it computed above.
  const judged = (on: Target["on"]) => (on === "geomean" ? geo!.value : stats[on]);
  const pass = target === undefined ? null : target.op === "<=" ? judged(target.on) <= target.value : judged(target.on) >= target.value;
  return {
    id,
    group,
    name,
    unit,
    runs: samples.length,
    ...stats,
    target: target ?? null,
    pass,
    ...(geo === undefined ? {} : { geomean: geo.value, geomeanInterval: geo.interval }),
    ...(note === undefined ? {} : { note }),
  };
}

const NUMBER = new Intl.NumberFormat("en", { maximumFractionDigits: 2 });
const FRACTION = new Intl.NumberFormat("en", { minimumFractionDigits: 3, maximumFractionDigits: 3 });

export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case "bytes":
      return `${NUMBER.format(value / 1024)} KB`;
    case "ratio":
      return FRACTION.format(value);
    case "ms":
      return `${NUMBER.format(value)} ms`;
    case "min":
      return `${NUMBER.format(value)} min`;
    default:
      return NUMBER.format(value);
  }
}

function targetText(figure: Figure): string {
  if (figure.target === null) return "";
  const { on, op, value } = figure.target;
  return `${on === "geomean" ? "geo. mean" : on} ${op === "<=" ? "≤" : "≥"} ${formatValue(value, figure.unit)}`;
}

/** The terminal table: one line per figure, grouped as the issue numbers them. */
export function formatTable(figures: readonly Figure[]): string {
  const header = ["figure", "runs", "min", "median", "geo. mean (95 % interval)", "p95", "max", "target", ""];
  const rows = figures.map((f) => [
    f.name,
    String(f.runs),
    formatValue(f.min, f.unit),
    formatValue(f.median, f.unit),
    f.geomean === undefined || f.geomeanInterval === undefined
      ? ""
      : `${formatValue(f.geomean, f.unit)} (${formatValue(f.geomeanInterval.low, f.unit)}–${formatValue(f.geomeanInterval.high, f.unit)})`,
    formatValue(f.p95, f.unit),
    formatValue(f.max, f.unit),
    targetText(f),
    f.pass === null ? "" : f.pass ? "pass" : "FAIL",
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ");
  const out: string[] = [];
  let group = "";
  figures.forEach((f, index) => {
    if (f.group !== group) {
      group = f.group;
      out.push("", group, line(header));
    }
    out.push(line(rows[index]!));
    if (f.note) out.push(`  ${f.note}`);
  });
  return out.join("\n");
}
