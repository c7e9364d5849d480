import { browser } from "wxt/browser";
import { badgeForPage } from "@/lib/capture/page-capture";
import { showPageBadge } from "@/lib/capture/page-badge";

// Registered at run time for the sites the user granted (lib/background/capture-scripts.ts).
export default defineContentScript({
  registration: "runtime",
  async main() {
    try {
      const content = await badgeForPage(document, (message) => browser.runtime.sendMessage(message));
      if (content) showPageBadge(document, content);
    } catch (error) {
      // The extension was reloaded or its worker could not be reached: the shop page must not notice.
      console.debug("TradeWatch could not reach its background:", error);
    }
  },
});
