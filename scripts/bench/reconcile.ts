/**
 * 3. Reconcile throughput: status updates from the shop, payment and delivery servers through
 * the real reconcile and write path into the extension's IndexedDB, against a raw bulk put of
 * the same records in the same run, the practical ceiling (lib/bench/ledger-bench.ts).
 */
import type { BenchPage } from "./browsers";
import { figure, type Figure } from "./figures";

const GROUP = "3. Reconcile throughput (3 status updates per trade, real IndexedDB)";

export async function measureReconcile(bench: BenchPage, options: { trades: number; runs: number; seed: number }): Promise<Figure[]> {
  const runs = [];
  for (let run = 0; run < options.runs; run++) runs.push(await bench.reconcileThroughput(options.trades, options.seed + run));
  const perSecond = (updates: number, ms: number) => (1000 * updates) / ms;
  const note = `${options.trades.toLocaleString("en")} trades × 3 updates per run; share = raw put time / reconcile time.`;
  return [
    figure({ id: "reconcile.rate", group: GROUP, name: "reconcile + write", unit: "updates/s", samples: runs.map((r) => perSecond(r.updates, r.reconcileMs)) }),
    figure({ id: "reconcile.raw", group: GROUP, name: "raw idb bulk put (ceiling)", unit: "updates/s", samples: runs.map((r) => perSecond(r.updates, r.rawPutMs)) }),
    figure({
      id: "reconcile.share",
      group: GROUP,
      name: "share of the ceiling",
      unit: "ratio",
      samples: runs.map((r) => r.rawPutMs / r.reconcileMs),
      target: { on: "median", op: ">=", value: 0.5 },
      note,
    }),
  ];
}
