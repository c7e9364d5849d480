/**
 * The gzipped size of every entrypoint of a build: its own script or page with every script
 * and stylesheet it loads (the chunks it imports, followed to the end), each file gzipped at
 * level 9 on its own, as the browser reads them one by one. Checked against bench/budgets.json.
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

/** What a page or a script loads: scripts and stylesheets of a page, static and dynamic imports of a module. */
function references(file: string, text: string): string[] {
  const patterns = file.endsWith(".html")
    ? [/<script[^>]*\ssrc="([^"]+)"/g, /<link[^>]*\shref="([^"]+\.(?:js|css))"/g]
    : file.endsWith(".js")
      ? [/\bimport\s*(?:[\w${},*\s]+from\s*)?["']([^"']+\.js)["']/g, /\bimport\(\s*["']([^"']+\.js)["']\s*\)/g]
      : [];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]!));
}

function resolveReference(from: string, reference: string): string {
  return reference.startsWith("/") ? reference.slice(1) : posix.normalize(posix.join(posix.dirname(from), reference));
}

/** Every file the entrypoint loads, itself first. */
function closure(dir: string, entrypoint: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const reference of references(file, readFileSync(join(dir, file), "utf8"))) visit(resolveReference(file, reference));
  };
  visit(entrypoint);
  return [...seen];
}

export function measureEntrypoints(dir: string): EntrypointSize[] {
  return entrypointFiles(dir).map((entrypoint) => {
    const files = closure(dir, entrypoint);
    let bytes = 0;
    let gzipBytes = 0;
    for (const file of files) {
      const content = readFileSync(join(dir, file));
      bytes += content.length;
      gzipBytes += gzipSync(content, { level: 9 }).length;
    }
    return { entrypoint, files, bytes, gzipBytes };
  });
}

/** One figure per entrypoint; an entrypoint without a budget fails, so a new one cannot slip in unmeasured. */
export function bundleFigures(sizes: readonly EntrypointSize[], budgets: Record<string, number>): Figure[] {
  const missing = Object.keys(budgets).filter((name) => !sizes.some((size) => size.entrypoint === name));
  if (missing.length > 0) throw new Error(`${BUDGETS_FILE} names entrypoints the build does not have: ${missing.join(", ")}`);
  return sizes.map((size) =>
    figure({
      id: `bundle.${size.entrypoint}`,
      group: "7. Bundle sizes (gzip -9, with every chunk and stylesheet loaded)",
      name: size.entrypoint,
      unit: "bytes",
      samples: [size.gzipBytes],
      target: { on: "median", op: "<=", value: budgets[size.entrypoint] ?? 0 },
      note: budgets[size.entrypoint] === undefined ? `no budget in ${BUDGETS_FILE}` : undefined,
    }),
  );
}
