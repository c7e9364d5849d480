/**
 * 1. What TradeWatch costs on pages that are not orders. The bench pages (bench/pages: a news
 * article, a product grid, documentation, a forum thread) are served from 127.0.0.1, where the
 * bench build runs the detector like on a granted site. Load time (Navigation Timing
 * loadEventEnd) with the extension against the same Chromium without it, loads interleaved and
 * compared pair by pair, beside a control (a second browser without it against the first); and
 * the detector's own main-thread time, from a Chromium trace.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { basename, join } from "node:path";
import type { BrowserContext, CDPSession, Page } from "playwright-core";
import * as z from "zod";
import { figure, type Figure } from "./figures";
import { until } from "../../test/e2e/support/until";
import type { ExtensionBrowser } from "./browsers";

const GROUP = "1. Cost on pages that are not orders";
export const PAGES_DIR = "bench/pages";
/** The detector's script as the trace names it (lib/capture/detector.ts DETECTOR_SCRIPT_FILE). */
const DETECTOR_PATH = "/content-scripts/detector.js";

export interface PageOverheadOptions {
  /** Interleaved loads per page and per arm. */
  loads: number;
  /** Traced loads per page (with the extension) for the detector's time. */
  tracedLoads: number;
}

/** Serves the bench pages, uncached, so every load reads and parses the whole page. */
async function servePages(): Promise<{ urls: Map<string, string>; close(): Promise<void> }> {
  const pages = new Map(
    readdirSync(PAGES_DIR)
      .filter((name) => name.endsWith(".html"))
      .map((name) => [`/${name}`, readFileSync(join(PAGES_DIR, name))]),
  );
  const server: Server = createServer((req, res) => {
    const body = pages.get(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    urls: new Map([...pages.keys()].map((path) => [basename(path, ".html"), `${base}${path}`])),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Chromium keeps its connections open; closing waits for them otherwise.
        server.closeAllConnections();
      }),
  };
}

const LOAD_EVENT_END = `(() => {
  const entry = performance.getEntriesByType("navigation")[0];
  return entry !== undefined && entry.loadEventEnd > 0 ? entry.loadEventEnd : 0;
})()`;

async function loadTime(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: "load" });
  const handle = await page.waitForFunction(LOAD_EVENT_END);
  return z.number().positive().parse(await handle.jsonValue());
}

const traceEventSchema = z.object({
  name: z.string(),
  ph: z.string(),
  ts: z.number(),
  dur: z.number().optional(),
  tdur: z.number().optional(),
  tid: z.number(),
  args: z.object({ data: z.object({ url: z.string().optional() }).optional() }).optional(),
});
export type TraceEvent = z.infer<typeof traceEventSchema>;

export interface DetectorTime {
  /** Main-thread CPU time (the trace's thread time): what the detector costs the page. */
  cpuMs: number;
  /** Wall time of the same spans, which on a busy machine also counts time the thread waited for a core. */
  wallMs: number;
}

/** The detector's time in one trace: its evaluation (compile, run, the synchronous part of main) and any later calls into it. */
export function detectorTime(events: readonly TraceEvent[], scriptUrl: string): DetectorTime {
  const spans = events
    .filter((event) => (event.name === "EvaluateScript" || event.name === "FunctionCall") && event.ph === "X" && event.args?.data?.url === scriptUrl)
    .map((event) => ({ tid: event.tid, from: event.ts, to: event.ts + (event.dur ?? 0), cpu: event.tdur ?? event.dur ?? 0 }))
    .sort((a, b) => a.tid - b.tid || a.from - b.from);
  if (!spans.some((span) => span.to > span.from)) throw new Error(`the trace has no evaluation of ${scriptUrl}`);
  let cpu = 0;
  let wall = 0;
  let last = { tid: -1, to: -Infinity };
  for (const span of spans) {
    // Spans on one thread nest or follow each other: one inside the last counted is counted already.
    if (span.tid === last.tid && span.to <= last.to) continue;
    cpu += span.cpu;
    wall += span.to - span.from;
    last = span;
  }
  return { cpuMs: cpu / 1000, wallMs: wall / 1000 };
}

/**
 * The detector runs in the page's own world, where the bench can see no sign of it, and hands
 * its answer back to the worker: so the bench counts, in the worker, the detector runs that
 * came back, by wrapping the scripting call the background makes. A restarted worker loses the
 * wrapper, and the wait for the next run then fails with a clear message.
 */
const countDetectorRuns = (detectorPath: string) => `(() => {
  if (self.__benchDetectorRuns !== undefined) return self.__benchDetectorRuns;
  self.__benchDetectorRuns = 0;
  for (const scripting of new Set([globalThis.browser?.scripting, globalThis.chrome?.scripting].filter(Boolean))) {
    const execute = scripting.executeScript.bind(scripting);
    scripting.executeScript = async (injection) => {
      const results = await execute(injection);
      if (injection.files?.includes(${JSON.stringify(detectorPath)})) self.__benchDetectorRuns++;
      return results;
    };
  }
  return 0;
})()`;

/** One load of `url` in a fresh tab, traced until the background has the detector's answer. */
async function tracedDetectorLoad(extension: ExtensionBrowser, url: string): Promise<DetectorTime> {
  const page = await extension.context.newPage();
  try {
    const runs = z.number().parse(await extension.worker.evaluate(countDetectorRuns(DETECTOR_PATH)));
    const cdp: CDPSession = await extension.context.newCDPSession(page);
    const events: TraceEvent[] = [];
    cdp.on("Tracing.dataCollected", ({ value }) => events.push(...z.array(traceEventSchema.loose()).parse(value)));
    const complete = new Promise<void>((resolve) => cdp.once("Tracing.tracingComplete", () => resolve()));
    await cdp.send("Tracing.start", { categories: "devtools.timeline", transferMode: "ReportEvents" });
    await page.goto(url, { waitUntil: "load" });
    await until(async () => z.number().parse(await extension.worker.evaluate("self.__benchDetectorRuns")) > runs, `the detector to run on ${url}`);
    await cdp.send("Tracing.end");
    await complete;
    return detectorTime(events, `chrome-extension://${extension.extensionId}${DETECTOR_PATH}`);
  } finally {
    await page.close();
  }
}

/** Every order of the three arms, taken in turn, so that none is favoured by going first or last (a warmer machine). */
const ARM_ORDERS = [
  [0, 1, 2],
  [1, 2, 0],
  [2, 0, 1],
  [0, 2, 1],
  [1, 0, 2],
  [2, 1, 0],
] as const;

/**
 * Three arms load each page in turn: the browser with TradeWatch, and two browsers without it.
 * The second browser without is the control: its ratio to the first says how far two identical
 * browsers differ on this machine, which is what a ratio of TradeWatch's must be read against.
 */
export async function measurePageOverhead(
  withExtension: ExtensionBrowser,
  baselines: readonly [without: BrowserContext, control: BrowserContext],
  options: PageOverheadOptions,
): Promise<Figure[]> {
  const server = await servePages();
  const tabs = [await withExtension.context.newPage(), await baselines[0].newPage(), await baselines[1].newPage()] as const;
  try {
    const figures: Figure[] = [];
    for (const [name, url] of server.urls) {
      const times: [number[], number[], number[]] = [[], [], []];
      for (let load = 0; load < options.loads; load++) {
        const at = `${url}?load=${load}`;
        for (const arm of ARM_ORDERS[load % ARM_ORDERS.length]!) times[arm].push(await loadTime(tabs[arm], at));
      }
      const [timesWith, timesWithout, timesControl] = times;
      const detector: DetectorTime[] = [];
      for (let load = 0; load < options.tracedLoads; load++) {
        detector.push(await tracedDetectorLoad(withExtension, `${url}?traced=${load}`));
      }
      figures.push(
        figure({ id: `overhead.${name}.without`, group: GROUP, name: `${name}: load without extension`, unit: "ms", samples: timesWithout }),
        figure({ id: `overhead.${name}.with`, group: GROUP, name: `${name}: load with extension`, unit: "ms", samples: timesWith }),
        figure({
          id: `overhead.${name}.ratio`,
          group: GROUP,
          name: `${name}: load ratio with/without (paired)`,
          unit: "ratio",
          samples: timesWith.map((time, index) => time / timesWithout[index]!),
          target: { on: "median", op: "<=", value: 1.02 },
        }),
        figure({
          id: `overhead.${name}.control`,
          group: GROUP,
          name: `${name}: control ratio, a second browser without/without (paired)`,
          unit: "ratio",
          samples: timesControl.map((time, index) => time / timesWithout[index]!),
        }),
        figure({
          id: `overhead.${name}.detector`,
          group: GROUP,
          name: `${name}: detector main-thread CPU time`,
          unit: "ms",
          samples: detector.map((time) => time.cpuMs),
          target: { on: "median", op: "<=", value: 0.5 },
        }),
        figure({
          id: `overhead.${name}.detector-wall`,
          group: GROUP,
          name: `${name}: detector wall time`,
          unit: "ms",
          samples: detector.map((time) => time.wallMs),
        }),
      );
    }
    figures.at(-1)!.note =
      "Detector time: Chromium trace (CDP Tracing, devtools.timeline), EvaluateScript + FunctionCall of content-scripts/detector.js in the page's own world: compile and run of the script, whose answer goes back to the worker. CPU time is the trace's thread time; wall time also counts waiting for a core. Its bundle size is in section 7.";
    return figures;
  } finally {
    await Promise.all(tabs.map((tab) => tab.close()));
    await server.close();
  }
}
