/**
 * One benchmark figure: the samples of repeated runs summed up as min/median/p95/max, and the
 * issue's target for it (checked on the statistic the target names) with pass or fail.
 */
export type Unit = "ms" | "min" | "ratio" | "bytes" | "requests" | "updates/s" | "count";

export interface Target {
  /** The statistic the target applies to: timings on a busy machine are judged on the median unless the issue names a percentile. */
  on: "median" | "p95";
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
  /** Where the true median lies with 95 % confidence, for figures whose median is compared with a noisy baseline. */
  medianInterval?: Interval;
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
  /** Report the 95 % confidence interval of the median beside it. */
  interval?: boolean;
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
 * The 95 % confidence interval of the samples' median, free of any assumption about their
 * distribution: the order statistics whose ranks the binomial count of samples below the true
 * median reaches with 95 % probability (its normal approximation, 1.96 standard deviations of
 * √n / 2 each side of n / 2). Below 6 samples it is the whole range, which then covers less.
 */
export function medianInterval(samples: readonly number[]): Interval {
  if (samples.length === 0) throw new Error("no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const spread = 1.96 * Math.sqrt(n) / 2;
  const lowRank = Math.max(1, Math.floor(n / 2 - spread));
  const highRank = Math.min(n, Math.ceil(1 + n / 2 + spread));
  return { low: sorted[lowRank - 1]!, high: sorted[highRank - 1]! };
}

export function figure({ id, group, name, unit, samples, target, interval, note }: FigureInput): Figure {
  if (samples.length === 0 || samples.some((value) => !Number.isFinite(value))) {
    throw new Error(`${name}: no usable samples (${samples.join(", ")})`);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const stats = { min: sorted[0]!, median: median(sorted), p95: percentile(sorted, 0.95), max: sorted.at(-1)! };
  const pass = target === undefined ? null : target.op === "<=" ? stats[target.on] <= target.value : stats[target.on] >= target.value;
  return {
    id,
    group,
    name,
    unit,
    runs: samples.length,
    ...stats,
    target: target ?? null,
    pass,
    ...(interval === true ? { medianInterval: medianInterval(sorted) } : {}),
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
  return `${on} ${op === "<=" ? "≤" : "≥"} ${formatValue(value, figure.unit)}`;
}

/** The terminal table: one line per figure, grouped as the issue numbers them. */
export function formatTable(figures: readonly Figure[]): string {
  const header = ["figure", "runs", "min", "median (95 % interval)", "p95", "max", "target", ""];
  const rows = figures.map((f) => [
    f.name,
    String(f.runs),
    formatValue(f.min, f.unit),
    f.medianInterval === undefined
      ? formatValue(f.median, f.unit)
      : `${formatValue(f.median, f.unit)} (${formatValue(f.medianInterval.low, f.unit)}–${formatValue(f.medianInterval.high, f.unit)})`,
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
