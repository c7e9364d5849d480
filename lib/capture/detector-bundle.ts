import { buildSync } from "esbuild";
import * as detector from "./detector";

/**
 * The detector script, bundled alone into one small classic script: a block that declares
 * `detected` for detector-script.ts to assign, and ends with it, so that it is the completion
 * value `scripting.executeScript` hands back, and nothing is left declared on the page.
 * wxt.config.ts adds it to every build; detector.test.ts checks its size, that it declares
 * nothing, and (through test-detector.ts) what it finds.
 */
export function detectorBundle(): Uint8Array {
  const { outputFiles } = buildSync({
    entryPoints: [`${import.meta.dirname}/detector-script.ts`],
    bundle: true,
    minify: true,
    format: "esm",
    // detector.ts's values, written into the script where it names them.
    define: Object.fromEntries(Object.entries(detector).map(([name, value]) => [name, JSON.stringify(value)])),
    banner: { js: "{let detected;" },
    footer: { js: "detected}" },
    target: "es2022",
    write: false,
  });
  const [file] = outputFiles;
  if (!file) throw new Error("esbuild wrote no detector script");
  return file.contents;
}
