/**
 * `npm run sizes`: builds the extension as shipped (Chrome MV3, no loopback access) and prints
 * every entrypoint's gzipped size, with the chunks and stylesheets it loads, against the
 * budgets in bench/budgets.json (the same measurement as `npm run bench`'s section 7).
 */
import { buildExtension } from "./bench/build";
import { bundleFigures, measureEntrypoints, readBudgets } from "./bench/bundle-sizes";
import { formatTable } from "./bench/figures";

const dir = buildExtension("shipped", ".output");
const sizes = measureEntrypoints(dir);
const figures = bundleFigures(sizes, readBudgets());
console.log(`Entrypoints of ${dir}:`);
console.log(formatTable(figures));
console.log("");
for (const size of sizes) console.log(`${size.entrypoint}: ${size.files.join(", ")}`);
if (figures.some((f) => f.pass === false)) process.exitCode = 1;
