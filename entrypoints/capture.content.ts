import { browser } from "wxt/browser";
import { badgeForPage, keepRun, takeHandoff } from "@/lib/capture/page-capture";
import { readRemembered, showPageBadge } from "@/lib/capture/page-badge";

// Stage two: injected by the background into a page whose detector saw signs of an order
// (lib/background/capture-scripts.ts injectCapture).
export default defineContentScript({
  registration: "runtime",
  main: () => keepRun(capturePage()),
});

async function capturePage(): Promise<void> {
  try {
    const handoff = await takeHandoff();
    const answer = badgeForPage(document, handoff, (message) => browser.runtime.sendMessage(message));
    // Read once the capture is on its way (badgeForPage sends it before it first waits), while the background stores it.
    const remembered = readRemembered(browser.storage.local);
    const content = await answer;
    if (content) await showPageBadge(document, content, browser.storage.local, remembered);
  } catch (error) {
    // The extension was reloaded or its worker could not be reached: the shop page must not notice.
    console.debug("TradeWatch could not reach its background:", error);
  }
}
