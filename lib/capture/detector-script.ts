import { detectSigns } from "./detector";

/**
 * Stage one as it ships (`content-scripts/detector.js`, bundled alone by lib/capture/detector-bundle.ts):
 * registered at run time on the sites the user granted (lib/background/detector-registration.ts), it
 * only looks for the cheap signs of an order page and tells the background, which injects the
 * capture script where there is something to read. A plain script, without WXT's content-script
 * wrapper and the polyfill: it runs on every page, so it must cost almost nothing (issue 7).
 */
interface Runtime {
  sendMessage(message: unknown): Promise<unknown> | undefined;
}
const extension = globalThis as unknown as { browser?: { runtime: Runtime }; chrome: { runtime: Runtime } };
// Firefox has `browser` (promises); Chromium's `chrome` returns a promise when given no callback.
const runtime = (extension.browser ?? extension.chrome).runtime;
// The extension was reloaded or its worker could not be reached: the page must not notice.
runtime.sendMessage({ type: "page-signs", signs: detectSigns(document, location) })?.catch(() => undefined);
