/**
 * `npm run sizes`: builds the extension as shipped (Chrome MV3, no loopback access) and
 * prints every script and stylesheet with its size and gzipped size.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";

const dir = ".output/chrome-mv3";
execFileSync("npx", ["wxt", "build"], { stdio: "ignore", env: { ...process.env, TRADEWATCH_LOOPBACK: "" } });

function files(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const rows = files(dir)
  .filter((path) => /\.(js|css|html)$/.test(path))
  .map((path) => {
    const bytes = readFileSync(path);
    return { file: relative(dir, path), size: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  })
  .sort((a, b) => b.gzip - a.gzip);

console.log(`Bundles of ${dir}:`);
for (const row of rows) console.log(`${row.file.padEnd(40)} ${kb(row.size).padStart(10)} ${kb(row.gzip).padStart(10)} gzip`);
