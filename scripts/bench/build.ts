import { execFileSync } from "node:child_process";
import { join } from "node:path";

/**
 * Builds the extension with `wxt build` into `outDir` and returns the Chrome MV3 folder.
 * "shipped" is the extension as users get it (no loopback access, no bench page);
 * "bench" adds the loopback hosts (the bench's pages and reference servers) and the bench page.
 */
export function buildExtension(kind: "shipped" | "bench", outDir: string): string {
  const env = {
    ...process.env,
    TRADEWATCH_OUT_DIR: outDir,
    TRADEWATCH_LOOPBACK: kind === "bench" ? "1" : "",
    TRADEWATCH_BENCH: kind === "bench" ? "1" : "",
  };
  try {
    execFileSync("npx", ["wxt", "build"], { env, stdio: "pipe" });
  } catch (error) {
    throw new Error(`wxt build (${kind}) failed:\n${buildErrors(error)}`, { cause: error });
  }
  return join(outDir, "chrome-mv3");
}

/** The lines of wxt's output that say what went wrong, without its progress spinner and colours. */
function buildErrors(error: unknown): string {
  const { stdout = "", stderr = "" } = error as { stdout?: unknown; stderr?: unknown };
  const plain = `${String(stdout)}\n${String(stderr)}`.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "");
  return plain
    .split("\n")
    .filter((line) => /error|missing|cannot|failed/i.test(line) && !/^\s+at /.test(line))
    .slice(0, 20)
    .join("\n");
}
