import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";

/**
 * `npm run bench -- --smoke`: every measurement of the bench with tiny sizes, so that the bench
 * cannot rot. The targets need a quiet machine and the full sizes; here the results must be
 * complete, well-formed and plausible, and bench/results.json (the committed full run) untouched.
 */
const figureSchema = z.object({
  id: z.string(),
  group: z.string(),
  name: z.string(),
  unit: z.enum(["ms", "min", "ratio", "bytes", "requests", "updates/s", "count"]),
  runs: z.int().positive(),
  min: z.number(),
  median: z.number(),
  p95: z.number(),
  max: z.number(),
  target: z.object({ on: z.enum(["median", "p95", "geomean"]), op: z.enum(["<=", ">="]), value: z.number() }).nullable(),
  pass: z.boolean().nullable(),
  geomean: z.number().positive().optional(),
  geomeanInterval: z.object({ low: z.number(), high: z.number() }).optional(),
});
const resultsSchema = z.object({
  smoke: z.literal(true),
  date: z.iso.datetime(),
  commit: z.string().min(1),
  machine: z.object({ os: z.string(), cpus: z.object({ model: z.string(), count: z.int().positive() }), memoryGiB: z.number().positive(), chromium: z.string().min(1), node: z.string() }),
  figures: z.array(figureSchema),
  errors: z.array(z.object({ section: z.string(), message: z.string() })),
});

const COMMITTED = "bench/results.json";
let dir = "";
let results: z.infer<typeof resultsSchema>;
let committedBefore: string | null = null;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tradewatch-bench-smoke-"));
  committedBefore = existsSync(COMMITTED) ? readFileSync(COMMITTED, "utf8") : null;
  const out = join(dir, "results.json");
  const run = promisify(execFile)("npm", ["run", "--silent", "bench", "--", "--smoke", "--out", out, "--build-dir", join(dir, "build")], {
    maxBuffer: 16 * 1024 * 1024,
  });
  await run.catch((error: unknown) => {
    // The results name the failed section; without them the output says what went wrong.
    if (!existsSync(out)) throw error;
  });
  results = resultsSchema.parse(JSON.parse(readFileSync(out, "utf8")));
}, 150_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const byId = (id: string) => {
  const figure = results.figures.find((f) => f.id === id);
  if (figure === undefined) throw new Error(`no figure ${id} in ${results.figures.map((f) => f.id).join(", ")}`);
  return figure;
};

describe("npm run bench -- --smoke", () => {
  it("runs every measurement without an error", () => {
    expect(results.errors).toEqual([]);
    const sections = new Set(results.figures.map((figure) => figure.group.split(".")[0]));
    expect([...sections].sort()).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
  });

  it("sums up each figure consistently and judges every target", () => {
    for (const figure of results.figures) {
      expect(Number.isFinite(figure.min), figure.id).toBe(true);
      expect(figure.min, figure.id).toBeLessThanOrEqual(figure.median);
      expect(figure.median, figure.id).toBeLessThanOrEqual(figure.p95);
      expect(figure.p95, figure.id).toBeLessThanOrEqual(figure.max);
      expect(figure.pass === null, figure.id).toBe(figure.target === null);
    }
  });

  it("gives plausible numbers", () => {
    const pageLoads = results.figures.filter((f) => /^overhead\..+\.with(out)?$/.test(f.id));
    expect(pageLoads).toHaveLength(8);
    const ratios = results.figures.filter((f) => f.unit === "ratio" && f.id.startsWith("overhead."));
    expect(ratios.map((f) => f.id).filter((id) => id.endsWith(".control"))).toHaveLength(6);
    for (const ratio of ratios.filter((f) => !f.id.startsWith("overhead.sets."))) {
      expect(ratio.geomeanInterval, ratio.id).toBeDefined();
      expect(ratio.geomean!, ratio.id).toBeGreaterThanOrEqual(ratio.min);
      expect(ratio.geomean!, ratio.id).toBeLessThanOrEqual(ratio.max);
      expect(ratio.geomeanInterval!.low, ratio.id).toBeLessThanOrEqual(ratio.geomean!);
      expect(ratio.geomeanInterval!.high, ratio.id).toBeGreaterThanOrEqual(ratio.geomean!);
    }
    expect(byId("overhead.all.ratio")).toMatchObject({ runs: 4 * byId("overhead.news-article.ratio").runs, target: { on: "geomean", op: "<=", value: 1.02 } });
    // Two sets of fresh browsers with two rounds per page each: each set's pooled ratios, and the CPU time per load, one sample per page (too few loads here to say more: /proc counts in ticks of 10 ms).
    expect(byId("overhead.news-article.ratio").runs).toBe(4);
    for (const id of ["overhead.sets.ratio", "overhead.sets.control"]) expect(byId(id), id).toMatchObject({ runs: 2, unit: "ratio" });
    for (const id of ["overhead.cpu.added", "overhead.cpu.control"]) expect(byId(id), id).toMatchObject({ runs: 4, unit: "ms" });
    for (const load of pageLoads) expect(load.min, load.id).toBeGreaterThan(1);
    for (const detector of results.figures.filter((f) => f.id.endsWith(".detector"))) {
      expect(detector.min, detector.id).toBeGreaterThan(0);
      expect(detector.max, detector.id).toBeLessThan(1_000);
    }
    // Each script is timed where it went first into the page (half the traced loads); their difference pairs every load.
    expect(byId("overhead.news-article.detector").runs).toBe(2);
    expect(byId("overhead.news-article.injection-floor").runs).toBe(2);
    expect(byId("overhead.news-article.detector-over-floor").runs).toBe(4);
    const floors = results.figures.filter((f) => f.id.endsWith(".injection-floor"));
    expect(floors).toHaveLength(4);
    for (const floor of floors) {
      expect(floor.min, floor.id).toBeGreaterThan(0);
      // An empty script costs the page less than the detector: a baseline that timed the detector itself would not.
      expect(floor.median, floor.id).toBeLessThan(byId(floor.id.replace(/injection-floor$/, "detector")).median);
    }
    expect(byId("capture.start-to-badge").min).toBeGreaterThan(0);
    expect(byId("popup.100.warm").min).toBeGreaterThan(0);
    // From the openPopup call the popup's own time is counted too, and the browser's before its page starts.
    expect(byId("popup.100.from-call").min).toBeGreaterThan(byId("popup.100.warm").min);
    expect(byId("history.search").min).toBeGreaterThanOrEqual(0);
    expect(byId("history.load").min).toBeGreaterThan(0);
    expect(byId("reconcile.rate").min).toBeGreaterThan(0);
    expect(byId("reconcile.share").min).toBeGreaterThan(0);
    expect(byId("polling.requests").min).toBeGreaterThan(0);
    const detectorBundle = byId("bundle.content-scripts/detector.js");
    expect(detectorBundle.min).toBeGreaterThan(200);
    expect(byId("bundle.popup.html").min).toBeGreaterThan(detectorBundle.min);
  });

  it("leaves the committed full results alone", () => {
    expect(existsSync(COMMITTED) ? readFileSync(COMMITTED, "utf8") : null).toBe(committedBefore);
  });
});
