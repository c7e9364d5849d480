/**
 * 6. Polling cost: the scheduler in virtual time over a month (lib/domain/simulation.ts
 * pollingCost), one run per seed, so min/median/max show the spread between order mixes.
 */
import { pollingCost } from "../../lib/domain/simulation";
import { figure, type Figure } from "./figures";

const GROUP = "6. Polling cost (a month of virtual time)";

export function measurePolling(options: { trades: number; seeds: readonly number[] }): Figure[] {
  const runs = options.seeds.map((seed) => pollingCost({ trades: options.trades, seed }));
  const minutes = (ms: number) => ms / 60_000;
  const note = `${options.trades.toLocaleString("en")} trades, seeds ${options.seeds.join(", ")}`;
  return [
    figure({ id: "polling.requests", group: GROUP, name: "requests per trade", unit: "requests", samples: runs.map((r) => r.requestsPerTrade), note }),
    figure({
      id: "polling.vs-fixed-15",
      group: GROUP,
      name: "fixed 15-minute polling / TradeWatch (requests)",
      unit: "ratio",
      samples: runs.map((r) => r.fixed15RequestsPerTrade / r.requestsPerTrade),
      target: { on: "median", op: ">=", value: 10 },
    }),
    figure({
      id: "polling.vs-lower-bound",
      group: GROUP,
      name: "TradeWatch / lower bound (one request per change)",
      unit: "ratio",
      samples: runs.map((r) => r.requestsPerTrade / r.lowerBoundPerTrade),
      target: { on: "median", op: "<=", value: 3 },
    }),
    figure({ id: "polling.delay-p50", group: GROUP, name: "delay to see a change, p50", unit: "min", samples: runs.map((r) => minutes(r.delayP50Ms)) }),
    figure({ id: "polling.delay-p95", group: GROUP, name: "delay to see a change, p95", unit: "min", samples: runs.map((r) => minutes(r.delayP95Ms)) }),
    figure({
      id: "polling.delay-p95-window",
      group: GROUP,
      name: "delay p95, changes within their announced window",
      unit: "min",
      samples: runs.map((r) => minutes(r.delayP95InWindowMs)),
      target: { on: "median", op: "<=", value: 30 },
    }),
    figure({ id: "polling.unseen", group: GROUP, name: "changes never seen", unit: "count", samples: runs.map((r) => r.unseen) }),
  ];
}
