import { runInNewContext } from "node:vm";
import { build, type Plugin, type Rolldown } from "vite";
import { describe, expect, it } from "vitest";
import { POLYFILL_BROWSER, polyfillWithoutCopy } from "./polyfill-without-copy";

const ENTRY = "\0entry";
/** A script that imports `browser` as the extension's modules do, and hands it to the test. */
const entry: Plugin = {
  name: "entry",
  resolveId: (source) => (source === ENTRY ? ENTRY : null),
  load: (id) => (id === ENTRY ? `import { browser } from "${POLYFILL_BROWSER}"; globalThis.imported = browser;` : null),
};

async function bundle(plugins: Plugin[]): Promise<string> {
  const output = (await build({
    configFile: false,
    logLevel: "silent",
    plugins: [entry, ...plugins],
    build: { write: false, minify: false, rollupOptions: { input: ENTRY, output: { format: "iife" } } },
  })) as Rolldown.RolldownOutput[] | Rolldown.RolldownOutput;
  const [chunk] = (Array.isArray(output) ? output[0]! : output).output;
  if (chunk?.type !== "chunk") throw new Error("the build made no script");
  return chunk.code;
}

/** Runs the script where the browser's API object records every property that is looked at without being used. */
function run(code: string): { imported: unknown; api: object; inspected: string[] } {
  const inspected: string[] = [];
  const api = new Proxy(
    { runtime: { id: "tradewatch" }, notifications: {}, windows: {} },
    {
      ownKeys(target) {
        inspected.push("(all keys)");
        return Reflect.ownKeys(target);
      },
      getOwnPropertyDescriptor(target, key) {
        inspected.push(String(key));
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
    },
  );
  const context: { chrome: object; browser: object; imported?: unknown } = { chrome: api, browser: api };
  runInNewContext(code, context);
  return { imported: context.imported, api, inspected };
}

describe("the polyfill's import", () => {
  it("hands the browser's API object over without looking at each of its properties", async () => {
    const { imported, api, inspected } = run(await bundle([polyfillWithoutCopy()]));
    expect(imported).toBe(api);
    expect(inspected).toEqual([]);
  }, 30_000);

  it("without the plugin, the bundler's namespace copy looks at every property", async () => {
    const { imported, api, inspected } = run(await bundle([]));
    expect(imported).toBe(api);
    expect(inspected).toEqual(expect.arrayContaining(["(all keys)", "notifications", "windows"]));
  }, 30_000);
});
