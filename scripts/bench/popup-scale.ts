/**
 * 4. The popup at scale: the ledger seeded with 100, 1,000 and 10,000 trades, the popup opened
 * in a tab, timed from its navigation start to PopupApp's "tradewatch:popup-ready" mark (set
 * once the first frame with warnings, totals and the lists' first cards is painted), and to the
 * "tradewatch:popup-lists-complete" mark (every card of the lists' first pages, a frame later;
 * an empty ledger has no lists). The first open after seeding reads a cold database and is
 * reported on its own; the warm figures are the opens after it.
 */
import * as z from "zod";
import { until } from "../../test/e2e/support/until";
import type { BenchPage, ExtensionBrowser } from "./browsers";
import { figure, median, type Figure } from "./figures";

const GROUP = "4. Popup at scale (open → first frame: warnings, totals, the lists' first cards)";
export const POPUP_READY_MARK = "tradewatch:popup-ready";
const LISTS_COMPLETE_MARK = "tradewatch:popup-lists-complete";
const markTime = (name: string) => `(() => {
  const mark = performance.getEntriesByName(${JSON.stringify(name)}, "mark")[0];
  return mark === undefined ? false : mark.startTime;
})()`;

async function openPopupMs(browser: ExtensionBrowser): Promise<{ ready: number; lists: number }> {
  const page = await browser.openExtensionPage("popup.html");
  try {
    // Extension pages forbid eval, which page.waitForFunction needs: poll with plain evaluations instead.
    const at = async (mark: string) => z.number().positive().parse(await until(() => page.evaluate(markTime(mark)), `the mark ${mark}`, 60_000));
    return { ready: await at(POPUP_READY_MARK), lists: await at(LISTS_COMPLETE_MARK) };
  } finally {
    await page.close();
  }
}

export async function measurePopupScale(
  browser: ExtensionBrowser,
  bench: BenchPage,
  options: { sizes: readonly number[]; warmOpens: number; seed: number },
): Promise<Figure[]> {
  const figures: Figure[] = [];
  const warmMedians: number[] = [];
  for (const size of options.sizes) {
    await bench.seedLedger(size, options.seed);
    const cold = await openPopupMs(browser);
    const warm: { ready: number; lists: number }[] = [];
    for (let open = 0; open < options.warmOpens; open++) warm.push(await openPopupMs(browser));
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
