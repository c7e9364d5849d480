import type { Worker } from "playwright-core";
import { DETECTOR_SCRIPT_FILE } from "../../../lib/capture/detector";
import { CAPTURE_RUN_KEY } from "../../../lib/capture/page-capture";
import { until } from "./until";

/**
 * Waits until what TradeWatch does on the loaded page at `url` is settled, so that a test may
 * say that something did not appear. The detector, run here as the background runs it, says
 * whether a capture script comes; when one does, its run (page-capture.ts CAPTURE_RUN_KEY,
 * kept in its isolated world) must have started and ended.
 */
export async function captureSettled(worker: Worker, url: string): Promise<void> {
  const settled = ({ address, detector, key }: { address: string; detector: string; key: string }) =>
    (async () => {
      const [tab] = await chrome.tabs.query({ url: address });
      if (tab?.id === undefined) throw new Error(`No tab at ${address}`);
      const target = { tabId: tab.id, frameIds: [0] };
      const [detected] = await chrome.scripting.executeScript({ target, files: [detector], world: "MAIN" });
      if (!Array.isArray(detected?.result) || detected.result.length === 0) return true;
      const [run] = await chrome.scripting.executeScript({
        target,
        args: [key],
        func: (runKey: string) => {
          const started = (globalThis as Record<string, unknown>)[runKey];
          return started instanceof Promise ? started.then(() => true) : false;
        },
      });
      return run?.result === true;
    })();
  await until(() => worker.evaluate(settled, { address: url, detector: `/${DETECTOR_SCRIPT_FILE}`, key: CAPTURE_RUN_KEY }), `TradeWatch to settle on ${url}`);
}
