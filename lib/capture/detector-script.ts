import type { AdapterId } from "./adapters/types";

/**
 * Stage one as it ships (`content-scripts/detector.js`, bundled alone by detector-bundle.ts):
 * the background runs it in the page's own world once each page of a granted site has loaded
 * (lib/background/page-detection.ts), and the script's value, the adapters whose signs the
 * page's markup shows (in the order the adapters run, JSON-LD first), is what the background
 * gets back; it adds the signs of the page's address (path-signs.ts), which would cost the page
 * more to work out here. No message, no extension API and no isolated world.
 *
 * Written for the page's first and only run of it, which every granted page pays for (issue 7):
 * plain statements in a block, without a function, whose call would cost the page more than the
 * work; single selectors (Chromium matches a selector list through its slow general path); no
 * literal array or object beyond the answer; and as few of the DOM's interfaces as can be,
 * since the first use of each in a page costs it time. Its tests run the bundle
 * (test-detector.ts).
 */

// The selectors of detector.ts, written in by the bundle (detector-bundle.ts), so the script declares nothing on the page.
declare const JSON_LD_SCRIPT: string;
declare const MICRODATA_ORDER: string;
declare const WOO_ORDER: string;
declare const WOO_VIEW_ORDER: string;
declare const VENDURE_ORDER_CODE: string;
declare const MAX_JSON_LD_SCRIPTS: number;
/** Declared by the bundle's wrapper, whose last statement makes it the script's value. */
declare let detected: AdapterId[];

{
  const found: AdapterId[] = [];
  const scripts = document.querySelectorAll(JSON_LD_SCRIPT);
  for (let index = 0; index < scripts.length && index < MAX_JSON_LD_SCRIPTS; index++) {
    if (!scripts[index]!.textContent?.includes("Order")) continue;
    found.push("schema-org-json-ld");
    break;
  }
  if (document.querySelector(MICRODATA_ORDER) !== null) found.push("schema-org-microdata");
  if (document.querySelector(WOO_ORDER) !== null || document.querySelector(WOO_VIEW_ORDER) !== null) found.push("woocommerce");
  if (document.querySelector(VENDURE_ORDER_CODE) !== null) found.push("vendure");
  detected = found;
}
