/**
 * `npm run bench [-- --trades N --seed S]`: a month of virtual time for many orders with
 * realistic status timelines, run through the real reconcile and schedule code, once with
 * TradeWatch's scheduler and once with each comparison poller. Prints requests per trade, the
 * delay between a change at a server and TradeWatch seeing it, and how fast the code runs.
 * docs/scheduling.md holds a copy of the output.
 */
import { parseArgs } from "node:util";
import { DEFAULT_HISTORY_QUERY, filterHistory, sortHistory } from "../lib/domain/history-search";
import { reschedule } from "../lib/domain/schedule";
import { seededRandom } from "../lib/domain/seeded-random";
import type { TradeSummary } from "../lib/domain/types";
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

// The history view's search (issue 4): conditions over 50,000 finished orders, as the view runs them.
const random = seededRandom(seed);
const ITEMS = ["Green tea", "Stoneware mug", "Cast-iron teapot", "Steel kettle", "Oolong", "Tea towel"];
const finished: TradeSummary[] = Array.from({ length: 50_000 }, (_, i) => {
  const orderDate = new Date(Date.parse("2022-01-01T00:00:00Z") + Math.floor(random() * 4 * 365 * 86_400_000)).toISOString();
  const shop = `https://shop-${i % 40}.example`;
  return {
    id: `${shop} H-${i}`,
    tradingId: `H-${i}`,
    shopOrigin: shop,
    shopName: `Shop ${i % 40}`,
    orderDate,
    state: random() < 0.9 ? "completed" : "failed",
    stateSince: orderDate,
    total: { minor: Math.floor(random() * 50_000), currency: random() < 0.7 ? "EUR" : "USD" },
    itemText: [ITEMS[i % ITEMS.length], ITEMS[(i * 7) % ITEMS.length]].join("\n"),
    itemCount: 2,
  };
});
const query = { ...DEFAULT_HISTORY_QUERY, from: "2024-01-01", to: "2025-06-30", currency: "EUR", minAmount: 1000, maxAmount: 20_000, text: "kettle" };
const time = (work: () => unknown) => {
  const samples = Array.from({ length: 15 }, () => {
    const t0 = performance.now();
    work();
    return performance.now() - t0;
  }).sort((a, b) => a - b);
  return { median: samples[7]!, max: samples.at(-1)! };
};
const sorted = sortHistory(finished, { by: "total", direction: "desc" });
const filter = time(() => filterHistory(sorted, query, "Europe/Berlin"));
const sort = time(() => sortHistory(finished, { by: "total", direction: "desc" }));
console.log(
  `  history search, 50,000 finished orders: ${filterHistory(sorted, query, "Europe/Berlin").length} match; ` +
    `filter median ${filter.median.toFixed(1)} ms (max ${filter.max.toFixed(1)}), re-sort median ${sort.median.toFixed(1)} ms (max ${sort.max.toFixed(1)})`,
);
