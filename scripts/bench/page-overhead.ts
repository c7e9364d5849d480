/**
 * 1. What TradeWatch costs on pages that are not orders. The bench pages (bench/pages: a news
 * article, a product grid, documentation, a forum thread) are served from 127.0.0.1, where the
 * bench build runs the detector like on a granted site. Load time (Navigation Timing
 * loadEventEnd) with the extension against the same Chromium without it, loads interleaved and
 * compared round by round against two browsers without it, beside a control (one of those
 * against the other), in sets of fresh browsers; the CPU time each browser's processes spend per
 * load; and the detector's own main-thread time, from a Chromium trace, beside an empty script's
 * injected into the same page the same way (lib/bench/injection-floor.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { basename, join } from "node:path";
import type { CDPSession, Page } from "playwright-core";
import * as z from "zod";
import { INJECTION_FLOOR_FILE } from "../../lib/bench/injection-floor";
import { DETECTOR_SCRIPT_FILE } from "../../lib/capture/detector";
import { figure, geometricMean, type Figure } from "./figures";
import { launchWithExtension, launchWithoutExtension, type ExtensionBrowser, type PlainBrowser } from "./browsers";
import { cpuDifference, cpuSum, processCpuReader, type CpuByKind } from "./process-cpu";

const GROUP = "1. Cost on pages that are not orders";
export const PAGES_DIR = "bench/pages";
/** The scripts as the trace and the background's scripting calls name them. */
const DETECTOR_PATH = `/${DETECTOR_SCRIPT_FILE}`;
const FLOOR_PATH = `/${INJECTION_FLOOR_FILE}`;

export interface PageOverheadOptions {
  /** Sets of three fresh browsers; each of the counts below is per set. */
  sets: number;
  /** Interleaved loads per page and per arm. */
  loads: number;
  /** Interleaved loads per page and per arm whose CPU time is summed, in a pass of their own. */
  cpuLoads: number;
  /** Traced loads per page (with the extension) for the detector's time and the injection floor's. */
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

/**
 * Resolves once the page's main thread is idle (its work after the load done). The bench waits
 * for it after every load in every browser, so that each load starts on a machine the last page
 * no longer keeps busy, whichever browser loaded it: the rounds' orders share out what a load
 * leaves behind, but not the pause after TradeWatch's loads (the wait for its detector), which
 * let the load after it start on a quieter machine.
 */
const MAIN_THREAD_IDLE = "new Promise((resolve) => requestIdleCallback(() => resolve(0), { timeout: 1000 }))";

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

export interface ScriptTime {
  /** Main-thread CPU time (the trace's thread time): what the script costs the page. */
  cpuMs: number;
  /** Wall time of the same spans, which on a busy machine also counts time the thread waited for a core. */
  wallMs: number;
}

/** An injected script's time in one trace: its evaluation (compile, run) and any later calls into it. */
export function scriptTime(events: readonly TraceEvent[], scriptUrl: string): ScriptTime {
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
 * came back, by wrapping the scripting call the background makes, and can wait there until a
 * number of runs is reached, without polling (a poll's pause would give the next load a quieter
 * machine). A run that fails is reported to the wait at once. A traced load may also ask for the
 * injection floor (lib/bench/injection-floor.ts): the empty script is then injected into the same
 * frame the same way, just before the detector or just after it, as the load says.
 */
const WATCH_DETECTOR_RUNS = `(() => {
  if (self.__benchDetectorRuns !== undefined) return self.__benchDetectorRuns;
  self.__benchDetectorRuns = 0;
  let waiters = [];
  self.__benchDetectorRunsReach = (runs) =>
    self.__benchDetectorRuns >= runs ? self.__benchDetectorRuns : new Promise((resolve) => waiters.push({ runs, resolve }));
  for (const scripting of new Set([globalThis.browser?.scripting, globalThis.chrome?.scripting].filter(Boolean))) {
    const execute = scripting.executeScript.bind(scripting);
    scripting.executeScript = async (injection) => {
      if (!injection.files?.includes(${JSON.stringify(DETECTOR_PATH)})) return execute(injection);
      const floor = self.__benchInjectionFloor;
      self.__benchInjectionFloor = undefined;
      const injectFloor = () => execute({ ...injection, files: [${JSON.stringify(FLOOR_PATH)}] });
      try {
        if (floor === "before") await injectFloor();
        const results = await execute(injection);
        if (floor === "after") await injectFloor();
        self.__benchDetectorRuns++;
        const reached = waiters.filter((waiter) => self.__benchDetectorRuns >= waiter.runs);
        waiters = waiters.filter((waiter) => !reached.includes(waiter));
        for (const waiter of reached) waiter.resolve(self.__benchDetectorRuns);
        return results;
      } catch (error) {
        for (const waiter of waiters.splice(0)) waiter.resolve(String(error));
        throw error;
      }
    };
  }
  return 0;
})()`;

const DETECTOR_RUN_TIMEOUT_MS = 10_000;

/**
 * The detector runs the bench's loads cause in the browser with TradeWatch: each load of a page
 * there is one more run, and the bench waits for all of them when it needs TradeWatch's work to
 * be over. A restarted worker loses the count, and the wait then fails with a clear message.
 */
class DetectorRuns {
  private constructor(
    private readonly extension: ExtensionBrowser,
    private expected: number,
  ) {}

  static async watch(extension: ExtensionBrowser): Promise<DetectorRuns> {
    return new DetectorRuns(extension, z.int().nonnegative().parse(await extension.worker.evaluate(WATCH_DETECTOR_RUNS)));
  }

  /** The next detector run brings the injection floor into its page, just before or after itself. */
  async bringFloor(order: "before" | "after"): Promise<void> {
    await this.extension.worker.evaluate(`self.__benchInjectionFloor = ${JSON.stringify(order)}`);
  }

  /** A page of a granted site is about to load: its detector run is one more. */
  expectOne(): void {
    this.expected++;
  }

  /** Waits until every run expected so far is back; `url` names the last load in a failure. */
  async done(url: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Timed out after ${DETECTOR_RUN_TIMEOUT_MS} ms waiting for the detector to run on ${url}`)), DETECTOR_RUN_TIMEOUT_MS);
    });
    try {
      const answer = z.union([z.int(), z.string()]).parse(await Promise.race([this.extension.worker.evaluate(`self.__benchDetectorRunsReach(${this.expected})`), timeout]));
      if (typeof answer === "string") throw new Error(`The detector failed on ${url}: ${answer}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The detector's time in one traced load, and the injection floor's in the same page, injected just before the detector or just after it. */
export interface TracedLoad {
  detector: ScriptTime;
  floor: ScriptTime;
  floorAt: "before" | "after";
}

/**
 * What the traced loads say. The first script injected into a page pays for something the
 * second does not (in a probe of 12 loads per page and order, medians of the four pages: the
 * detector took 0.43–0.52 ms as the first and 0.41–0.46 ms as the second, the empty script
 * 0.14–0.16 ms against 0.095–0.115 ms). So each script's time counts the loads where it went
 * first, as the detector always does on a user's page; their difference pairs every load, each
 * order favouring one side as much as the other order favours the other.
 */
export function tracedFigures(traced: readonly TracedLoad[]): { detector: ScriptTime[]; floorCpuMs: number[]; overFloorCpuMs: number[] } {
  return {
    detector: traced.filter((load) => load.floorAt === "after").map((load) => load.detector),
    floorCpuMs: traced.filter((load) => load.floorAt === "before").map((load) => load.floor.cpuMs),
    overFloorCpuMs: traced.map((load) => load.detector.cpuMs - load.floor.cpuMs),
  };
}

/**
 * One load of `url` in a fresh tab, traced until the background has the detector's answer, with
 * the injection floor just before the detector (`floor` "before") or just after it ("after"):
 * the bench takes each in turn, so that each script is timed first into the page in half the
 * loads (tracedFigures) and their paired difference favours neither.
 */
async function tracedDetectorLoad(extension: ExtensionBrowser, runs: DetectorRuns, url: string, floor: "before" | "after"): Promise<TracedLoad> {
  const page = await extension.context.newPage();
  try {
    const cdp: CDPSession = await extension.context.newCDPSession(page);
    const events: TraceEvent[] = [];
    cdp.on("Tracing.dataCollected", ({ value }) => events.push(...z.array(traceEventSchema.loose()).parse(value)));
    const complete = new Promise<void>((resolve) => cdp.once("Tracing.tracingComplete", () => resolve()));
    await cdp.send("Tracing.start", { categories: "devtools.timeline", transferMode: "ReportEvents" });
    await runs.bringFloor(floor);
    runs.expectOne();
    await page.goto(url, { waitUntil: "load" });
    await runs.done(url);
    await cdp.send("Tracing.end");
    await complete;
    const origin = `chrome-extension://${extension.extensionId}`;
    return { detector: scriptTime(events, `${origin}${DETECTOR_PATH}`), floor: scriptTime(events, `${origin}${FLOOR_PATH}`), floorAt: floor };
  } finally {
    await page.close();
  }
}

/**
 * Every order of three slots, taken in turn and over again: each slot loads in each place twice,
 * so that none is favoured by going first or last, and after each slot (itself too) twice, so
 * that what a load leaves behind (TradeWatch's work after its detector's answer, a browser's own
 * cleanup) falls on every slot alike. In the first version of this bench the control's browser
 * came after TradeWatch three times in six and the other baseline twice, and the control ratio
 * sat about 1 % above 1 in four runs of five.
 */
export const SLOT_ORDERS = [
  [0, 1, 2],
  [2, 0, 1],
  [1, 0, 2],
  [2, 1, 0],
  [0, 2, 1],
  [1, 2, 0],
] as const;

/** The arms: the browser with TradeWatch, one without it, and the control, another without it. */
export const ARMS = ["with", "without", "control"] as const;
export type Arm = (typeof ARMS)[number];

/**
 * Which arm takes which slot in each set (slot 0 first): the slots' browsers are launched in
 * slot order, and every arm takes every slot in two sets of six. A probe of three browsers
 * without TradeWatch found the one launched first slower than the other two, by 1.2 % over five
 * sets with a fixed order and 2.1 % over six with the order turned (ten sets of eleven above 1),
 * and the bench had always launched TradeWatch's first; the slot pattern, too, is no longer tied
 * to one arm.
 */
export const SET_SLOTS: readonly (readonly [Arm, Arm, Arm])[] = [
  ["with", "without", "control"],
  ["control", "with", "without"],
  ["without", "control", "with"],
  ["with", "control", "without"],
  ["without", "with", "control"],
  ["control", "without", "with"],
];

/** One round of loads of a page: each arm's load time, in ms. */
export interface LoadRound {
  with: number;
  without: number;
  control: number;
}

/**
 * The ratios of one round of loads. TradeWatch's arm is set against both browsers without it
 * (their geometric mean): the baseline is then measured twice as often, and the ratio's spread
 * is smaller by about an eighth than against one of them. The control, one browser without
 * against the other, says how far two identical browsers differ on this machine.
 */
export function roundRatios(round: LoadRound): { ratio: number; control: number } {
  return { ratio: round.with / Math.sqrt(round.without * round.control), control: round.control / round.without };
}

/** The CPU time of each arm's browser over a pass of loads, every process by kind. */
export interface CpuPass {
  loads: number;
  with: CpuByKind;
  without: CpuByKind;
  control: CpuByKind;
}

/** Passes over the same page in several sets, as one: /proc counts in ticks of 10 ms, which one set's pass alone would leave coarse. */
export function sumPasses(passes: readonly CpuPass[]): CpuPass {
  return passes.reduce((sum, pass) => ({
    loads: sum.loads + pass.loads,
    with: cpuSum(sum.with, pass.with),
    without: cpuSum(sum.without, pass.without),
    control: cpuSum(sum.control, pass.control),
  }));
}

/**
 * What TradeWatch adds to a page load's CPU time outside the page's own renderer (in the browser
 * process, the extension's worker and the other helpers), which the page's main thread does not
 * wait for but the machine spends; against the mean of both browsers without it. The page's
 * renderer is left out: its CPU time per load differs by several ms between identical browsers
 * here, more than TradeWatch's part there, which the detector's trace measures.
 */
export function cpuAddedPerLoad(pass: CpuPass): { added: number; control: number } {
  const outsidePage = (cpu: CpuByKind) => cpu.browser + cpu.extension + cpu.other;
  return {
    added: (outsidePage(pass.with) - (outsidePage(pass.without) + outsidePage(pass.control)) / 2) / pass.loads,
    control: (outsidePage(pass.control) - outsidePage(pass.without)) / pass.loads,
  };
}

/** What one set of browsers measured on one page. */
interface PageInSet {
  rounds: LoadRound[];
  cpu: CpuPass;
  traced: TracedLoad[];
}

/**
 * One set of three fresh browsers loads each page, in turn: the browser with TradeWatch, and two
 * browsers without it, in the slots SET_SLOTS gives them. After each load with TradeWatch the
 * bench waits for its detector's answer, so that its work after the load event does not fall into
 * the next load, often another arm's.
 */
async function measureSet(urls: ReadonlyMap<string, string>, set: number, options: PageOverheadOptions): Promise<Map<string, PageInSet>> {
  const slots = SET_SLOTS[set % SET_SLOTS.length]!;
  const launched: PlainBrowser[] = [];
  try {
    // One at a time, in slot order; a failed launch leaves those launched in the list to close.
    let withExtension: ExtensionBrowser | null = null;
    for (const arm of slots) {
      const browser = arm === "with" ? (withExtension = await launchWithExtension()) : await launchWithoutExtension();
      launched.push(browser);
    }
    const extension = withExtension!;
    const browsers = Object.fromEntries(slots.map((arm, slot) => [arm, launched[slot]!])) as Record<Arm, PlainBrowser>;
    const tabs = Object.fromEntries(await Promise.all(ARMS.map(async (arm) => [arm, await browsers[arm].context.newPage()] as const))) as Record<Arm, Page>;
    const readCpu = processCpuReader();
    const runs = await DetectorRuns.watch(extension);
    /** TradeWatch's load; with `wait`, the bench then waits for its detector's answer. */
    const loadWithExtension = async (url: string, wait: boolean) => {
      runs.expectOne();
      const time = await loadTime(tabs.with, url);
      if (wait) await runs.done(url);
      return time;
    };
    /**
     * One round: each arm loads the page once, in the round's order of slots, and the next load
     * waits until the page's main thread is idle (MAIN_THREAD_IDLE). With `everyTime`
     * TradeWatch's load waits for its detector's answer; otherwise only when its own tab loads
     * next (the new load would cut the run off) or in the last round, so that no run is left when
     * the CPU sums are read: each wait is a call into the worker, whose CPU time would count as
     * TradeWatch's. Each set starts the orders elsewhere, so that the fresh browsers' first loads
     * fall on every slot alike.
     */
    const loadRound = async (url: string, round: number, everyTime: boolean, last: boolean): Promise<LoadRound> => {
      const index = set + round;
      const order = SLOT_ORDERS[index % SLOT_ORDERS.length]!.map((slot) => slots[slot]);
      const nextFirst = slots[SLOT_ORDERS[(index + 1) % SLOT_ORDERS.length]![0]];
      const times: Partial<Record<Arm, number>> = {};
      for (const [place, arm] of order.entries()) {
        const followedByItself = place === order.length - 1 && nextFirst === "with";
        times[arm] = arm === "with" ? await loadWithExtension(url, everyTime || last || followedByItself) : await loadTime(tabs[arm], url);
        await tabs[arm].evaluate(MAIN_THREAD_IDLE);
      }
      return { with: times.with!, without: times.without!, control: times.control! };
    };
    /** Loads whose CPU time is summed from the browsers' processes. */
    const cpuPass = async (url: string): Promise<CpuPass> => {
      const cpu = (arm: Arm) => readCpu(browsers[arm].profile);
      const before = { with: cpu("with"), without: cpu("without"), control: cpu("control") };
      for (let round = 0; round < options.cpuLoads; round++) await loadRound(`${url}?set=${set}&cpu=${round}`, round, false, round === options.cpuLoads - 1);
      return {
        loads: options.cpuLoads,
        with: cpuDifference(cpu("with"), before.with),
        without: cpuDifference(cpu("without"), before.without),
        control: cpuDifference(cpu("control"), before.control),
      };
    };
    const measured = new Map<string, PageInSet>();
    for (const [name, url] of urls) {
      const rounds: LoadRound[] = [];
      for (let round = 0; round < options.loads; round++) rounds.push(await loadRound(`${url}?set=${set}&load=${round}`, round, true, round === options.loads - 1));
      const cpu = await cpuPass(url);
      const traced: TracedLoad[] = [];
      for (let load = 0; load < options.tracedLoads; load++) {
        traced.push(await tracedDetectorLoad(extension, runs, `${url}?set=${set}&traced=${load}`, load % 2 === 0 ? "before" : "after"));
      }
      measured.set(name, { rounds, cpu, traced });
    }
    return measured;
  } finally {
    await Promise.all(launched.map((browser) => browser.close()));
  }
}

/**
 * The load ratios in sets of fresh browsers. A single load's time varies by about a fifth on this
 * kind of machine whatever the arm, so one page's ratio over a few hundred loads is uncertain by
 * a few per cent, more than the target's margin: the target is judged on the whole set of pages,
 * pooled, on the ratios' geometric mean (figures.ts geometricMean says why not their median), and
 * the pooled and per-page ratios come with its 95 % interval, which counts the spread between
 * loads. Each set's own figure is reported too: a browser with a speed of its own for as long as
 * it runs would widen their spread beyond what the loads' spread gives one set (in three probes
 * of 8, 8 and 18 sets it did not).
 */
export async function measurePageOverhead(options: PageOverheadOptions): Promise<Figure[]> {
  const server = await servePages();
  try {
    const sets: Map<string, PageInSet>[] = [];
    for (let set = 0; set < options.sets; set++) sets.push(await measureSet(server.urls, set, options));
    const figures: Figure[] = [];
    for (const name of server.urls.keys()) {
      const inSets = sets.map((set) => set.get(name)!);
      const rounds = inSets.flatMap((page) => page.rounds);
      const ratios = rounds.map(roundRatios);
      const traced = tracedFigures(inSets.flatMap((page) => page.traced));
      figures.push(
        figure({
          id: `overhead.${name}.without`,
          group: GROUP,
          name: `${name}: load without extension (both browsers)`,
          unit: "ms",
          samples: rounds.flatMap((round) => [round.without, round.control]),
        }),
        figure({ id: `overhead.${name}.with`, group: GROUP, name: `${name}: load with extension`, unit: "ms", samples: rounds.map((round) => round.with) }),
        figure({
          id: `overhead.${name}.ratio`,
          group: GROUP,
          name: `${name}: load ratio with/without (paired)`,
          unit: "ratio",
          samples: ratios.map((round) => round.ratio),
          geometricMean: true,
        }),
        figure({
          id: `overhead.${name}.control`,
          group: GROUP,
          name: `${name}: control ratio, one browser without/the other (paired)`,
          unit: "ratio",
          samples: ratios.map((round) => round.control),
          geometricMean: true,
        }),
        figure({
          id: `overhead.${name}.detector`,
          group: GROUP,
          name: `${name}: detector main-thread CPU time (the first script into the page, as on a user's)`,
          unit: "ms",
          samples: traced.detector.map((time) => time.cpuMs),
          target: { on: "median", op: "<=", value: 0.5 },
        }),
        figure({
          id: `overhead.${name}.detector-wall`,
          group: GROUP,
          name: `${name}: detector wall time`,
          unit: "ms",
          samples: traced.detector.map((time) => time.wallMs),
        }),
        figure({
          id: `overhead.${name}.injection-floor`,
          group: GROUP,
          name: `${name}: baseline, an empty script injected the same way, first into the page (main-thread CPU)`,
          unit: "ms",
          samples: traced.floorCpuMs,
        }),
        figure({
          id: `overhead.${name}.detector-over-floor`,
          group: GROUP,
          name: `${name}: detector − baseline (paired, main-thread CPU)`,
          unit: "ms",
          samples: traced.overFloorCpuMs,
        }),
      );
    }
    figures.at(-1)!.note =
      "Detector time: Chromium trace (CDP Tracing, devtools.timeline), EvaluateScript + FunctionCall of content-scripts/detector.js in the page's own world: compile and run of the script, whose answer goes back to the worker. CPU time is the trace's thread time; wall time also counts waiting for a core. The baseline is what any script injected that way costs the page: an empty one (lib/bench/injection-floor.ts) in the same traced load, just before the detector in half of them and just after it in the other half. Each script's time counts the loads where it went first, as the detector does on a user's page (the first script injected into a page pays more); their difference pairs every load. Its bundle size is in section 7.";
    const setRatios = sets.map((set) => [...set.values()].flatMap((page) => page.rounds.map(roundRatios)));
    const pooled = setRatios.flat();
    const cpuAdded = [...server.urls.keys()].map((name) => cpuAddedPerLoad(sumPasses(sets.map((set) => set.get(name)!.cpu))));
    figures.push(
      figure({
        id: "overhead.all.ratio",
        group: GROUP,
        name: "all pages: load ratio with/without (paired, pooled)",
        unit: "ratio",
        samples: pooled.map((round) => round.ratio),
        target: { on: "geomean", op: "<=", value: 1.02 },
      }),
      figure({
        id: "overhead.all.control",
        group: GROUP,
        name: "all pages: control ratio (paired, pooled)",
        unit: "ratio",
        samples: pooled.map((round) => round.control),
        geometricMean: true,
      }),
      figure({
        id: "overhead.sets.ratio",
        group: GROUP,
        name: "each set of fresh browsers: its pooled load ratio, geometric mean (one sample per set)",
        unit: "ratio",
        samples: setRatios.map((ratios) => geometricMean(ratios.map((round) => round.ratio)).value),
      }),
      figure({
        id: "overhead.sets.control",
        group: GROUP,
        name: "each set of fresh browsers: its pooled control ratio, geometric mean",
        unit: "ratio",
        samples: setRatios.map((ratios) => geometricMean(ratios.map((round) => round.control)).value),
        note: `Load ratios: TradeWatch's load time over the geometric mean of two browsers without it, on the same page in the same round; the control is one browser without over the other. Judged on their geometric mean (the ratio of both sides' geometric means), in brackets its 95 % interval from the spread between loads. ${options.sets} sets of three fresh browsers, ${options.loads} rounds per page each, every arm in every slot (its place in the launch and in the loads' orders) in turn: a browser's own speed for as long as it runs shows in the sets' spread.`,
      }),
      figure({
        id: "overhead.cpu.added",
        group: GROUP,
        name: "CPU time TradeWatch adds per page load outside the page's renderer (one sample per page, its passes in every set summed)",
        unit: "ms",
        samples: cpuAdded.map((cpu) => cpu.added),
      }),
      figure({
        id: "overhead.cpu.control",
        group: GROUP,
        name: "control: the same, one browser without − the other",
        unit: "ms",
        samples: cpuAdded.map((cpu) => cpu.control),
        note: "CPU time: user + system time of the browser process, the extension's and the helpers (Linux /proc, each its own and its reaped children's), summed over a separate pass of interleaved loads per page, per load; TradeWatch's against the mean of both browsers without it. The detector's own time in the page is above.",
      }),
    );
    return figures;
  } finally {
    await server.close();
  }
}
