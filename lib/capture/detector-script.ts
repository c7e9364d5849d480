import { detectSigns } from "./detector";

/**
 * Stage one as it ships (`content-scripts/detector.js`, bundled alone by lib/capture/detector-bundle.ts):
 * injected into each loaded page of the sites the user granted (lib/background/page-detection.ts), it
 * only looks for the cheap signs of an order page and, where it sees any, tells the background,
 * which injects the capture script. A plain script, without WXT's content-script
 * wrapper and the polyfill: it runs on every page, so it must cost almost nothing (issue 7).
 */
interface Runtime {
  sendMessage(message: unknown): Promise<unknown> | undefined;
}
const signs = detectSigns(document, location);
// Most pages show no sign: they cost no message, no waking of the worker and not even the extension API's set-up, which its first use pays.
if (signs.length > 0) {
  const extension = globalThis as unknown as { browser?: { runtime: Runtime }; chrome: { runtime: Runtime } };
  // Firefox has `browser` (promises); Chromium's `chrome` returns a promise when given no callback.
  const runtime = (extension.browser ?? extension.chrome).runtime;
  // The extension was reloaded or its worker could not be reached: the page must not notice.
  runtime.sendMessage({ type: "page-signs", signs })?.catch(() => undefined);
}
