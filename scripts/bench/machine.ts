import { execFileSync } from "node:child_process";
import { arch, cpus, platform, release, totalmem } from "node:os";

export interface Machine {
  os: string;
  cpus: { model: string; count: number };
  memoryGiB: number;
  chromium: string;
  node: string;
}

/** What the figures were measured on: they compare only within one run on one machine. */
export function describeMachine(chromiumVersion: string): Machine {
  const cores = cpus();
  return {
    os: `${platform()} ${release()} ${arch()}`,
    cpus: { model: cores[0]?.model.trim() ?? "unknown", count: cores.length },
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    chromium: chromiumVersion,
    node: process.version,
  };
}

/** The checked-out commit, marked "+changes" when the working tree differs from it. */
export function gitCommit(): string {
  try {
    const commit = execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() !== "";
    return dirty ? `${commit}+changes` : commit;
  } catch {
    return "unknown";
  }
}
