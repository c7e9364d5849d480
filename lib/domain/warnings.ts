import type { Severity, Warning } from "./types";

/** Not acknowledged (muted) by the user: it counts on the badge and keeps its source watched. */
export function isOpenWarning(warning: Warning): boolean {
  return warning.acknowledgedAt === null;
}

/** The same warning: one per code and source, whatever its message says now. */
export function sameWarning(a: Warning, b: Warning): boolean {
  return a.code === b.code && a.source === b.source;
}

/** Higher is more severe. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 3, warning: 2, notice: 1 };
