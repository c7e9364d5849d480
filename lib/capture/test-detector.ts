import { runInNewContext } from "node:vm";
import type { AdapterId } from "./adapters/types";
import { detectorBundle } from "./detector-bundle";

let script: string | undefined;

/** The signs the shipped detector script finds in `doc`'s markup: the bundle itself, run with the page's `document`. */
export function detectorSignsOf(doc: Document): AdapterId[] {
  script ??= new TextDecoder().decode(detectorBundle());
  // The value crosses from the script's world into this one: handed back as plain data, as executeScript does.
  return JSON.parse(JSON.stringify(runInNewContext(script, { document: doc }))) as AdapterId[];
}
