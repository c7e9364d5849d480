import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bundleFigures, measureEntrypoints } from "./bundle-sizes";

let dir = "";
const files: Record<string, string> = {
  "popup.html": '<script type="module" crossorigin src="/chunks/popup-1.js"></script><link rel="stylesheet" href="/assets/app-1.css">',
  "chunks/popup-1.js": 'import{a}from"./shared-1.js";import("./lazy-1.js");import(`./lazy-2.js`);console.log(a)',
  "chunks/shared-1.js": 'import"./shared-1.js";export const a=1',
  "chunks/lazy-1.js": "export const b=2",
  "chunks/lazy-2.js": "export const c=3",
  "assets/app-1.css": "body{margin:0}",
  "background.js": "(function(){})()",
  "content-scripts/detector.js": "(function(){chrome.runtime.sendMessage({})})()",
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "bench-sizes-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("bundle sizes", () => {
  it("counts each entrypoint with every script and stylesheet it loads, each gzipped on its own", () => {
    const sizes = measureEntrypoints(dir);
    expect(sizes.map((size) => size.entrypoint)).toEqual(["background.js", "content-scripts/detector.js", "popup.html"]);
    const popup = sizes.find((size) => size.entrypoint === "popup.html")!;
    expect(popup.files.sort()).toEqual(["assets/app-1.css", "chunks/lazy-1.js", "chunks/lazy-2.js", "chunks/popup-1.js", "chunks/shared-1.js", "popup.html"]);
    const gzip = (list: string[]) => list.reduce((sum, file) => sum + gzipSync(files[file]!, { level: 9 }).length, 0);
    expect(popup.gzipBytes).toBe(gzip(popup.files));
    expect(popup.openingGzipBytes).toBe(gzip(["assets/app-1.css", "chunks/popup-1.js", "chunks/shared-1.js", "popup.html"]));
  });

  it("fails an entrypoint over its budget or without one, and a budget for an entrypoint that is gone", () => {
    const sizes = measureEntrypoints(dir);
    const figures = bundleFigures(sizes, { "background.js": 10_000, "content-scripts/detector.js": 1 });
    expect(figures.map((figure) => [figure.name, figure.pass])).toEqual([
      ["background.js", true],
      ["content-scripts/detector.js", false],
      ["popup.html", false],
      ["popup.html at opening (without lazily loaded chunks)", null],
    ]);
    const opening = bundleFigures(sizes, { "popup.html": 10_000, "popup.html at opening": 1, "background.js at opening": 10_000 });
    expect(opening.filter((figure) => figure.id.endsWith(".opening")).map((figure) => [figure.name, figure.pass])).toEqual([
      ["background.js at opening (without lazily loaded chunks)", true],
      ["popup.html at opening (without lazily loaded chunks)", false],
    ]);
    expect(() => bundleFigures(sizes, { "gone.html": 1 })).toThrow(/gone\.html/);
  });
});
