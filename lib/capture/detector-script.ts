import type { AdapterId } from "./adapters/types";
import { detectMarkupSigns } from "./detector";

/**
 * Stage one as it ships (`content-scripts/detector.js`, bundled alone by lib/capture/detector-bundle.ts):
 * the background runs it in the page's own world once each page of a granted site has loaded
 * (lib/background/page-detection.ts), and the script's value, the signs it saw, is what the
 * background gets back. No message, no extension API and no isolated world: the page pays only
 * for the few queries (issue 7). A plain script, without WXT's content-script wrapper.
 */

/** Declared by the bundle's wrapper, which makes it the script's value: no global is left on the page. */
declare let detected: AdapterId[];
detected = detectMarkupSigns(document);
