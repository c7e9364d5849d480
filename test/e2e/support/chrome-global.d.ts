// Functions passed to worker.evaluate() run inside the extension's service worker, where `chrome` exists.
declare const chrome: typeof import("@wxt-dev/browser").Browser;
