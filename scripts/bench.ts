/**
 * `npm run bench [-- --trades N --seed S]`: a month of virtual time for many orders with
 * realistic status timelines, run through the real reconcile and schedule code, once with
 * TradeWatch's scheduler and once with each comparison poller. Prints requests per trade, the
 * delay between a change at a server and TradeWatch seeing it, and how fast the code runs.
 * docs/scheduling.md holds a copy of the output.
 */
import { parseArgs } from "node:util";
import { reschedule } from "../lib/domain/schedule";
import { every, generateTimelines, simulate, TECHTRACK, TRADEWATCH, type SimulationResult } from "../lib/domain/simulation";
import { newTrade } from "../lib/domain/trade";

const { values } = parseArgs({ options: { trades: { type: "string", default: "100" }, seed: { type: "string", default: "1" } } });
const trades = Number(values.trades);
const seed = Number(values.seed);
if (!Number.isInteger(trades) || trades < 1 || !Number.isInteger(seed)) throw new Error("--trades and --seed take whole numbers");

const minutes = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;
const policies = [TRADEWATCH, every(15), every(30), every(60), every(120), TECHTRACK];

console.log(`${trades} orders placed over 20 days, followed for 30 days (seed ${seed}).\n`);
// A first small run lets the JIT settle, so the timings below compare like with like.
simulate({ trades: 10, seed: seed + 1, policy: TRADEWATCH });
const runs: { result: SimulationResult; ms: number }[] = [];
for (const policy of policies) {
  const started = performance.now();
  const result = simulate({ trades, seed, policy });
  runs.push({ result, ms: performance.now() - started });
}
const baseline = runs.find((run) => run.result.policy === "every 15 min")!.result;

const header = ["policy", "requests/trade", "p90", "vs 15 min", "304", "changes", "delay median", "p90", "max", "unseen"];
const rows = runs.map(({ result }) => [
  result.policy,
  result.requestsPerTrade.mean.toFixed(1),
  String(result.requestsPerTrade.p90),
  `${((100 * result.requests) / baseline.requests).toFixed(1)} %`,
  `${((100 * result.notModified) / result.requests).toFixed(0)} %`,
  String(result.changes),
  minutes(result.delayMs.median),
  minutes(result.delayMs.p90),
  minutes(result.delayMs.max),
  String(result.unseen),
]);
console.log(`| ${header.join(" | ")} |`);
console.log(`| ${header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`);
for (const row of rows) console.log(`| ${row.join(" | ")} |`);

console.log("\nSpeed (this machine):");
for (const { result, ms } of runs) {
  console.log(`  ${result.policy.padEnd(24)} ${(ms / 1000).toFixed(2)} s, ${((1000 * ms) / result.requests).toFixed(1)} µs per simulated request (reconcile + checks + schedule)`);
}
const sample = newTrade(generateTimelines(1, seed, Date.parse("2026-11-01T00:00:00Z"), 30 * 86_400_000)[0]!.captured, "2026-11-01T00:00:00.000Z");
const calls = 100_000;
const started = performance.now();
for (let i = 0; i < calls; i++) reschedule(sample, "delivery", i % 2 === 0 ? "unchanged" : "changed", "2026-11-01T06:00:00.000Z");
console.log(`  reschedule alone         ${((1000 * (performance.now() - started)) / calls).toFixed(2)} µs per call`);
