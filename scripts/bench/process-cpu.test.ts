import { describe, expect, it } from "vitest";
import { cpuDifference, cpuOfBrowser, cpuSum, parseStat, processKind, type ProcessEntry } from "./process-cpu";

const PROFILE = "/tmp/tradewatch-bench-profile-a";
const entry = (pid: number, ppid: number, command: string, ticks: number): ProcessEntry => ({ pid, ppid, command, ticks });

describe("the CPU time of a browser's processes", () => {
  it("reads the parent and the CPU ticks, its own and its reaped children's, past a command name with spaces", () => {
    const stat = "4242 (Chrome_Child Io) S 4200 4200 4200 0 -1 4194560 100 0 0 0 15 5 7 3 20 0 12 0 1000 0 0";
    expect(parseStat(4242, stat, "chromium --type=renderer")).toEqual({ pid: 4242, ppid: 4200, command: "chromium --type=renderer", ticks: 30 });
  });

  it("names the browser, the pages' renderers, the extension's and the helpers", () => {
    expect(processKind(`/usr/lib/chromium/chromium --user-data-dir=${PROFILE} --headless`)).toBe("browser");
    expect(processKind("/usr/lib/chromium/chromium --type=renderer --renderer-client-id=7")).toBe("page");
    expect(processKind("/usr/lib/chromium/chromium --type=renderer --extension-process --renderer-client-id=5")).toBe("extension");
    expect(processKind("/usr/lib/chromium/chromium --type=utility --utility-sub-type=network.mojom.NetworkService")).toBe("other");
    expect(processKind("/usr/lib/chromium/chromium --type=zygote")).toBe("other");
  });

  it("sums the browser started with the profile and its descendants, and no other browser", () => {
    const entries = [
      entry(1, 0, "init", 999),
      entry(100, 1, `chromium --user-data-dir=${PROFILE}`, 40),
      entry(101, 100, "chromium --type=zygote", 1),
      entry(102, 101, "chromium --type=renderer", 90),
      entry(103, 101, "chromium --type=renderer --extension-process", 3),
      entry(104, 100, "chromium --type=utility", 5),
      entry(200, 1, `chromium --user-data-dir=${PROFILE}b`, 70),
      entry(201, 200, "chromium --type=renderer", 80),
    ];
    expect(cpuOfBrowser(entries, PROFILE, 10)).toEqual({ browser: 400, page: 900, extension: 30, other: 60 });
    expect(() => cpuOfBrowser(entries, "/tmp/none", 10)).toThrow(/no Chromium runs with the profile/);
  });

  it("takes two readings apart and adds passes together, kind by kind", () => {
    const before = { browser: 100, page: 200, extension: 10, other: 50 };
    const after = { browser: 160, page: 290, extension: 10, other: 70 };
    expect(cpuDifference(after, before)).toEqual({ browser: 60, page: 90, extension: 0, other: 20 });
    expect(cpuSum(after, before)).toEqual({ browser: 260, page: 490, extension: 20, other: 120 });
  });
});
