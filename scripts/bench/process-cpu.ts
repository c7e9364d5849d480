/**
 * The CPU time of one Chromium, all its processes, by kind: what a page load costs the machine
 * beyond the page's own main thread (the browser process, the extension's worker). Read from
 * Linux's /proc, where Debian's Chromium runs the bench.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

type ProcessKind = "browser" | "page" | "extension" | "other";
export type CpuByKind = Record<ProcessKind, number>;

export interface ProcessEntry {
  pid: number;
  ppid: number;
  /** The command line, arguments joined by spaces. */
  command: string;
  /** Clock ticks of CPU time, its own and its reaped children's (a renderer that exited still counts). */
  ticks: number;
}

/** `/proc/<pid>/stat`: the fields after the command's closing parenthesis, which may itself hold spaces. */
export function parseStat(pid: number, stat: string, command: string): ProcessEntry {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const field = (index: number) => Number(fields[index]);
  // From field 3 (state) on: ppid is field 4, utime 14, stime 15, cutime 16, cstime 17.
  return { pid, ppid: field(1), command, ticks: field(11) + field(12) + field(13) + field(14) };
}

export function processKind(command: string): ProcessKind {
  const type = /--type=(\S+)/.exec(command)?.[1];
  if (type === undefined) return "browser";
  if (type === "renderer") return command.includes("--extension-process") ? "extension" : "page";
  return "other";
}

/** CPU milliseconds by kind of the browser started with `--user-data-dir=<profile>` and its descendants. */
export function cpuOfBrowser(entries: readonly ProcessEntry[], profile: string, msPerTick: number): CpuByKind {
  const root = entries.find((entry) => processKind(entry.command) === "browser" && ` ${entry.command} `.includes(` --user-data-dir=${profile} `));
  if (root === undefined) throw new Error(`no Chromium runs with the profile ${profile}`);
  const children = new Map<number, ProcessEntry[]>();
  for (const entry of entries) children.set(entry.ppid, [...(children.get(entry.ppid) ?? []), entry]);
  const cpu: CpuByKind = { browser: 0, page: 0, extension: 0, other: 0 };
  const pending = [root];
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    cpu[processKind(entry.command)] += entry.ticks * msPerTick;
    pending.push(...(children.get(entry.pid) ?? []));
  }
  return cpu;
}

function readProcesses(): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const command = readFileSync(`/proc/${name}/cmdline`, "utf8").replaceAll("\0", " ").trim();
      entries.push(parseStat(Number(name), readFileSync(`/proc/${name}/stat`, "utf8"), command));
    } catch {
      // The process ended between the listing and the read: it is no longer this browser's.
    }
  }
  return entries;
}

/** A reader of the CPU time of browsers by profile, now. */
export function processCpuReader(): (profile: string) => CpuByKind {
  const msPerTick = 1000 / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
  return (profile) => cpuOfBrowser(readProcesses(), profile, msPerTick);
}

function combine(a: CpuByKind, b: CpuByKind, sign: 1 | -1): CpuByKind {
  return { browser: a.browser + sign * b.browser, page: a.page + sign * b.page, extension: a.extension + sign * b.extension, other: a.other + sign * b.other };
}

export const cpuDifference = (after: CpuByKind, before: CpuByKind): CpuByKind => combine(after, before, -1);

export const cpuSum = (a: CpuByKind, b: CpuByKind): CpuByKind => combine(a, b, 1);
