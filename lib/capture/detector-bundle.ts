import { buildSync } from "esbuild";

/**
 * The detector content script, bundled alone into one small classic script (content scripts
 * cannot be modules). wxt.config.ts adds it to every build; detector.test.ts checks its size.
 */
export function detectorBundle(): Uint8Array {
  const { outputFiles } = buildSync({
    entryPoints: [`${import.meta.dirname}/detector-script.ts`],
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2022",
    write: false,
  });
  const [file] = outputFiles;
  if (!file) throw new Error("esbuild wrote no detector script");
  return file.contents;
}
