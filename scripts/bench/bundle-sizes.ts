/**
 * The gzipped size of every entrypoint of a build: its own script or page with every script
 * and stylesheet it loads (the chunks it imports, followed to the end, lazily loaded ones too),
 * each file gzipped at level 9 on its own, as the browser reads them one by one. Checked against
 * bench/budgets.json. What it loads at opening, without the lazily loaded chunks, is reported
 * beside it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { gzipSync } from "node:zlib";
import * as z from "zod";
import { figure, type Figure } from "./figures";

export interface EntrypointSize {
  /** The entrypoint's own file, e.g. "popup.html" or "content-scripts/detector.js". */
  entrypoint: string;
  files: string[];
  bytes: number;
  gzipBytes: number;
  /** The files loaded at opening (static imports only), gzipped. */
  openingGzipBytes: number;
}

const budgetsSchema = z.record(z.string(), z.int().positive());
export const BUDGETS_FILE = "bench/budgets.json";

export function readBudgets(file = BUDGETS_FILE): Record<string, number> {
  return budgetsSchema.parse(JSON.parse(readFileSync(file, "utf8")));
}

/** The pages at the build's root, the background worker and the content scripts (run-time registered ones too). */
function entrypointFiles(dir: string): string[] {
  const root = readdirSync(dir).filter((name) => name.endsWith(".html") || name === "background.js");
  const scripts = readdirSync(join(dir, "content-scripts")).map((name) => `content-scripts/${name}`);
  return [...root, ...scripts].sort();
}

const STATIC_IMPORT = /\bimport\s*(?:[\w${},*\s]+from\s*)?["']([^"']+\.js)["']/g;
/** Rolldown writes a dynamic import's path as a template literal. */
const DYNAMIC_IMPORT = /\bimport\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g;

/** What a page or a script loads: scripts and stylesheets of a page, static (and, with `lazy`, dynamic) imports of a module. */
function references(file: string, text: string, lazy: boolean): string[] {
  const patterns = file.endsWith(".html")
    ? [/<script[^>]*\ssrc="([^"]+)"/g, /<link[^>]*\shref="([^"]+\.(?:js|css))"/g]
    : file.endsWith(".js")
      ? [STATIC_IMPORT, ...(lazy ? [DYNAMIC_IMPORT] : [])]
      : [];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]!));
}

function resolveReference(from: string, reference: string): string {
  return reference.startsWith("/") ? reference.slice(1) : posix.normalize(posix.join(posix.dirname(from), reference));
}

/** Every file the entrypoint loads, itself first; with `lazy`, the lazily loaded ones too. */
function closure(dir: string, entrypoint: string, lazy: boolean): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const reference of references(file, readFileSync(join(dir, file), "utf8"), lazy)) visit(resolveReference(file, reference));
  };
  visit(entrypoint);
  return [...seen];
}

export function measureEntrypoints(dir: string): EntrypointSize[] {
  const gzipped = (file: string) => gzipSync(readFileSync(join(dir, file)), { level: 9 }).length;
  return entrypointFiles(dir).map((entrypoint) => {
    const files = closure(dir, entrypoint, true);
    const sum = (list: string[], size: (file: string) => number) => list.reduce((total, file) => total + size(file), 0);
    return {
      entrypoint,
      files,
      bytes: sum(files, (file) => readFileSync(join(dir, file)).length),
      gzipBytes: sum(files, gzipped),
      openingGzipBytes: sum(closure(dir, entrypoint, false), gzipped),
    };
  });
}

/** The budget key and figure name of an entrypoint's size at opening. */
const atOpening = (entrypoint: string) => `${entrypoint} at opening`;

/**
 * One figure per entrypoint; an entrypoint without a budget fails, so a new one cannot slip in
 * unmeasured. Beside it, its size at opening where lazily loaded chunks make a difference, held
 * to a budget of its own where one is set ("<entrypoint> at opening").
 */
export function bundleFigures(sizes: readonly EntrypointSize[], budgets: Record<string, number>): Figure[] {
  const names = new Set(sizes.flatMap((size) => [size.entrypoint, atOpening(size.entrypoint)]));
  const missing = Object.keys(budgets).filter((name) => !names.has(name));
  if (missing.length > 0) throw new Error(`${BUDGETS_FILE} names entrypoints the build does not have: ${missing.join(", ")}`);
  const group = "7. Bundle sizes (gzip -9, with every chunk and stylesheet loaded)";
  return sizes.flatMap((size) => [
    figure({
      id: `bundle.${size.entrypoint}`,
      group,
      name: size.entrypoint,
      unit: "bytes",
      samples: [size.gzipBytes],
      target: { on: "median", op: "<=", value: budgets[size.entrypoint] ?? 0 },
      note: budgets[size.entrypoint] === undefined ? `no budget in ${BUDGETS_FILE}` : undefined,
    }),
    ...(size.openingGzipBytes < size.gzipBytes || budgets[atOpening(size.entrypoint)] !== undefined
      ? [
          figure({
            id: `bundle.${size.entrypoint}.opening`,
            group,
            name: `${atOpening(size.entrypoint)} (without lazily loaded chunks)`,
            unit: "bytes",
            samples: [size.openingGzipBytes],
            ...(budgets[atOpening(size.entrypoint)] === undefined ? {} : { target: { on: "median", op: "<=", value: budgets[atOpening(size.entrypoint)]! } as const }),
          }),
        ]
      : []),
  ]);
}
