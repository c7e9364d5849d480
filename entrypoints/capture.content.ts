import { browser } from "wxt/browser";
import { badgeForPage, takeHandoff } from "@/lib/capture/page-capture";
import { showPageBadge } from "@/lib/capture/page-badge";

// Stage two: injected by the background into a page whose detector saw signs of an order
// (lib/background/capture-scripts.ts injectCapture).
export default defineContentScript({
  registration: "runtime",
  async main() {
    try {
      const content = await badgeForPage(document, takeHandoff(), (message) => browser.runtime.sendMessage(message));
      if (content) await showPageBadge(document, content, browser.storage.local);
    } catch (error) {
      // The extension was reloaded or its worker could not be reached: the shop page must not notice.
      console.debug("TradeWatch could not reach its background:", error);
    }
  },
});
