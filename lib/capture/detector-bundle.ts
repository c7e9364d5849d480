import { buildSync } from "esbuild";

/**
 * The detector script, bundled alone into one small classic script, wrapped in a function whose
 * value is what detector-script.ts assigns to `detected`: the completion value of the last
 * statement is what `scripting.executeScript` hands back. wxt.config.ts adds it to every build;
 * detector.test.ts checks its size and that it leaves nothing behind on the page.
 */
export function detectorBundle(): Uint8Array {
  const { outputFiles } = buildSync({
    entryPoints: [`${import.meta.dirname}/detector-script.ts`],
    bundle: true,
    minify: true,
    format: "esm",
    // V8's explicit compile hint: compile every function with the script, not again on its first call.
    banner: { js: "//# allFunctionsCalledOnLoad\n(()=>{let detected;" },
    footer: { js: "return detected})()" },
    target: "es2022",
    write: false,
  });
  const [file] = outputFiles;
  if (!file) throw new Error("esbuild wrote no detector script");
  return file.contents;
}
