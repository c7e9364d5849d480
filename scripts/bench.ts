/**
 * `npm run bench`: what users feel, measured in real Chromium with the built extension,
 * headless, against baselines in the same run (issue 7): cost on pages that are not orders,
 * capture latency, reconcile throughput, the popup at 100–10,000 trades, the history search,
 * polling cost and bundle sizes. Prints a table and writes bench/results.json.
 *
 *   npm run bench                        the full bench (about twenty minutes)
 *   npm run bench -- --smoke             every measurement with tiny sizes; writes to a temp file
 *   --out FILE                           where the JSON goes
 *   --build-dir DIR                      where the builds go (default .output-bench)
 */
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { smoke: { type: "boolean", default: false }, out: { type: "string" }, "build-dir": { type: "string", default: ".output-bench" } },
});
const smoke = values.smoke;
const buildDir = resolve(values["build-dir"]);
const out = values.out ?? (smoke ? join(tmpdir(), "tradewatch-bench-smoke.json") : "bench/results.json");
// The end-to-end tests' launcher (test/e2e/support/browser.ts) loads the build named by this variable when it is imported.
process.env.TRADEWATCH_OUT_DIR = buildDir;
const { FULL, SMOKE, runBench } = await import("./bench/run");
const results = await runBench(smoke ? SMOKE : FULL, { smoke, buildDir, out });
if (results.errors.length > 0) process.exitCode = 1;
