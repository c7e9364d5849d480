import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogFor } from "./catalog";

/**
 * tsc checks keys where their type is known; this also catches a key that reached t() through
 * a cast or a plain string, and a key in a table of keys, by reading the source itself.
 */

const ROOT = join(import.meta.dirname, "..", "..");
const FOLDERS = ["components", "entrypoints", "lib"];
const english = new Set(Object.keys(catalogFor("en")));
const counted = new Set([...english].filter((key) => key.endsWith("_other")).map((key) => key.slice(0, -"_other".length)));
const isCounted = (base: string) => counted.has(base) && english.has(`${base}_one`);

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.parentPath.includes("node_modules"))
    .map((entry) => join(entry.parentPath, entry.name));
}

interface Use {
  file: string;
  key: string;
}

function uses(pattern: RegExp): Use[] {
  return FOLDERS.flatMap((folder) => sourceFiles(join(ROOT, folder))).flatMap((file) => {
    // Examples in comments are not uses: drop block comments and whole-line ones.
    const text = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
    return [...text.matchAll(pattern)].map((match) => ({ file: relative(ROOT, file), key: match[1] ?? "" }));
  });
}

describe("message keys in the source", () => {
  it("finds the calls it checks (the scan itself works)", () => {
    expect(uses(/\bt\(\s*"([^"]+)"/g).length).toBeGreaterThan(50);
    expect(uses(/\btn\(\s*"([^"]+)"/g).length).toBeGreaterThan(5);
  });

  it("has every key of a t(\"…\") call in the English catalog", () => {
    const missing = uses(/\bt\(\s*"([^"]+)"/g).filter(({ key }) => !english.has(key));
    expect(missing).toEqual([]);
  });

  it("has both counted forms of every tn(\"…\") call", () => {
    const missing = uses(/\btn\(\s*"([^"]+)"/g).filter(({ key }) => !isCounted(key));
    expect(missing).toEqual([]);
  });

  it("has every string that looks like a key (in a table of keys too) in the catalog", () => {
    // A key is "<part>_<name>": any quoted word with a part's prefix must be a key or a counted base.
    const prefixes = [...new Set([...english].filter((key) => key.includes("_")).map((key) => key.split("_")[0]))];
    const pattern = new RegExp(`["'\`]((?:${prefixes.join("|")})_[A-Za-z0-9_]+)["'\`]`, "g");
    const missing = uses(pattern).filter(({ key }) => !english.has(key) && !isCounted(key));
    expect(missing).toEqual([]);
  });
});
