/**
 * 5. History search in the real history page (order-history.html) over a seeded ledger: the
 * page's load (navigation start → the results table first shown), then a conditional search
 * built up through the real controls one change at a time (dates, currency, amounts, text,
 * then clearing), each timed in the page from the change to the table re-rendered and laid out.
 * Preact renders state changes in a microtask, so a message-channel task after the change
 * runs after the render; a MutationObserver confirms the table did change.
 */
import type { Page } from "playwright-core";
import * as z from "zod";
import { until } from "../../test/e2e/support/until";
import type { BenchPage, ExtensionBrowser } from "./browsers";
import { figure, type Figure } from "./figures";

const GROUP = "5. History search (order-history.html)";

const WATCH_TABLE = `(() => {
  const observer = new MutationObserver(() => {
    if (document.querySelector("table caption") === null) return;
    window.__benchTableAt = performance.now();
    observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true });
})()`;

/** Runs the search steps `repetitions` times; resolves to each step's time, whether the results changed, and the caption after it. */
const searchSteps = (repetitions: number, from: string, to: string) => `(async () => {
  const form = document.querySelector('form[role="search"]');
  const results = document.querySelector(".history-results");
  if (form === null || results === null) throw new Error("the history page shows no search form or results");
  const [fromField, toField] = form.querySelectorAll('input[type="date"]');
  const text = form.querySelector('input[type="search"]');
  const currency = form.querySelectorAll("select")[1];
  const [least, most] = form.querySelectorAll('input[inputmode="decimal"]');
  const clear = form.querySelector(".form-actions button");
  const set = (field, value, type) => {
    field.value = value;
    field.dispatchEvent(new Event(type, { bubbles: true }));
  };
  const steps = [
    ["from", () => set(fromField, ${JSON.stringify(from)}, "input")],
    ["until", () => set(toField, ${JSON.stringify(to)}, "input")],
    ["currency", () => set(currency, currency.options[1].value, "change")],
    ["at least", () => set(least, "10", "input")],
    ["at most", () => set(most, "500", "input")],
    ["text", () => set(text, "e", "input")],
    ["clear", () => clear.click()],
  ];
  const afterRender = () => new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(0);
  });
  let mutations = 0;
  const observer = new MutationObserver((records) => {
    mutations += records.length;
  });
  observer.observe(results, { childList: true, subtree: true, characterData: true });
  const samples = [];
  for (let repetition = 0; repetition < ${repetitions}; repetition++) {
    for (const [name, step] of steps) {
      mutations = 0;
      const started = performance.now();
      step();
      await afterRender();
      document.body.getBoundingClientRect();
      const ms = performance.now() - started;
      samples.push({ name, ms, changed: mutations > 0, caption: document.querySelector("table caption")?.textContent ?? "" });
    }
  }
  observer.disconnect();
  return samples;
})()`;

const samplesSchema = z.array(z.object({ name: z.string(), ms: z.number().nonnegative(), changed: z.boolean(), caption: z.string() }));

async function loadHistory(browser: ExtensionBrowser) {
  const page = await browser.context.newPage();
  await page.addInitScript(WATCH_TABLE);
  await page.goto(`chrome-extension://${browser.extensionId}/order-history.html`);
  // Extension pages forbid eval, which page.waitForFunction needs: poll with plain evaluations instead.
  const ms = await until(() => page.evaluate("window.__benchTableAt"), "the history table", 120_000);
  return { page, ms: z.number().positive().parse(ms) };
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export async function measureHistorySearch(
  browser: ExtensionBrowser,
  bench: BenchPage,
  options: { trades: number; loads: number; repetitions: number; seed: number },
): Promise<Figure[]> {
  await bench.seedLedger(options.trades, options.seed);
  const loads: number[] = [];
  let page: Page | null = null;
  for (let load = 0; load < Math.max(1, options.loads); load++) {
    await page?.close();
    const loaded = await loadHistory(browser);
    loads.push(loaded.ms);
    page = loaded.page;
  }
  try {
    const year = 365 * 86_400_000;
    const samples = samplesSchema.parse(await page!.evaluate(searchSteps(options.repetitions, day(Date.now() - 2 * year), day(Date.now() - year / 4))));
    if (!samples.some((sample) => sample.changed)) throw new Error("the history table never changed: the search steps measured nothing");
    const unfiltered = samples.find((sample) => sample.name === "clear")!.caption;
    const conditional = samples.find((sample) => sample.name === "text")!.caption;
    const count = options.trades.toLocaleString("en");
    return [
      figure({ id: "history.load", group: GROUP, name: `page load, ${count} trades seeded (navigation → table)`, unit: "ms", samples: loads }),
      figure({
        id: "history.search",
        group: GROUP,
        name: `one search change, ${count} trades seeded (change → table)`,
        unit: "ms",
        samples: samples.map((sample) => sample.ms),
        target: { on: "median", op: "<=", value: 50 },
        note: `Unfiltered: "${unfiltered}"; all conditions: "${conditional}"; ${samples.filter((s) => s.changed).length} of ${samples.length} changes altered the table.`,
      }),
    ];
  } finally {
    await page!.close();
  }
}
