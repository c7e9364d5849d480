/**
 * 4. The popup at scale: the ledger seeded with 100, 1,000 and 10,000 trades, the real popup
 * opened as the toolbar button opens it (action.openPopup, from the bench page), timed from its
 * navigation start to PopupApp's "tradewatch:popup-ready" mark (set once the first frame with
 * warnings, totals and the lists' first cards is painted), and to the
 * "tradewatch:popup-lists-complete" mark (every card of the lists' first pages, a frame later;
 * an empty ledger has no lists). Beside it, the time from the openPopup call, which adds the
 * browser's own work to show a popup. The first open after seeding reads a cold database and is
 * reported on its own; the warm figures are the opens after it.
 */
import type { BenchPage } from "./browsers";
import { figure, median, type Figure } from "./figures";

const GROUP = "4. Popup at scale (open → first frame: warnings, totals, the lists' first cards)";
const POPUP_READY_MARK = "tradewatch:popup-ready";
const LISTS_COMPLETE_MARK = "tradewatch:popup-lists-complete";

async function openPopupMs(bench: BenchPage): Promise<{ ready: number; lists: number; fromCall: number }> {
  const { marks, startFromCall } = await bench.openPopup([POPUP_READY_MARK, LISTS_COMPLETE_MARK]);
  return { ready: marks[POPUP_READY_MARK]!, lists: marks[LISTS_COMPLETE_MARK]!, fromCall: startFromCall + marks[POPUP_READY_MARK]! };
}

export async function measurePopupScale(
  bench: BenchPage,
  options: { sizes: readonly number[]; warmOpens: number; seed: number },
): Promise<Figure[]> {
  const figures: Figure[] = [];
  const warmMedians: number[] = [];
  for (const size of options.sizes) {
    await bench.seedLedger(size, options.seed);
    const cold = await openPopupMs(bench);
    const warm: Awaited<ReturnType<typeof openPopupMs>>[] = [];
    for (let open = 0; open < options.warmOpens; open++) warm.push(await openPopupMs(bench));
    const ready = warm.map((open) => open.ready);
    warmMedians.push(median(ready));
    const count = size.toLocaleString("en");
    figures.push(
      figure({ id: `popup.${size}.cold`, group: GROUP, name: `${count} trades, first open after seeding (cold)`, unit: "ms", samples: [cold.ready] }),
      figure({
        id: `popup.${size}.warm`,
        group: GROUP,
        name: `${count} trades (warm)`,
        unit: "ms",
        samples: ready,
        ...(size === Math.max(...options.sizes) ? { target: { on: "median", op: "<=", value: 100 } as const } : {}),
      }),
      figure({
        id: `popup.${size}.lists`,
        group: GROUP,
        name: `${count} trades (warm), every card of the lists' first pages`,
        unit: "ms",
        samples: warm.map((open) => open.lists),
      }),
      figure({
        id: `popup.${size}.from-call`,
        group: GROUP,
        name: `${count} trades (warm), from the openPopup call: the browser's own work to show a popup included`,
        unit: "ms",
        samples: warm.map((open) => open.fromCall),
      }),
    );
  }
  const smallest = options.sizes.indexOf(Math.min(...options.sizes));
  const largest = options.sizes.indexOf(Math.max(...options.sizes));
  figures.push(
    figure({
      id: "popup.growth",
      group: GROUP,
      name: `${options.sizes[largest]!.toLocaleString("en")} / ${options.sizes[smallest]!.toLocaleString("en")} trades (warm medians)`,
      unit: "ratio",
      samples: [warmMedians[largest]! / warmMedians[smallest]!],
      target: { on: "median", op: "<=", value: 1.5 },
    }),
  );
  return figures;
}
