import { browser } from "wxt/browser";
import { detectSigns } from "@/lib/capture/detector";

// Stage one, registered at run time for the sites the user granted (lib/background/capture-scripts.ts):
// on every page it only looks for the cheap signs of an order page and tells the background,
// which injects the capture script where there is something to read.
export default defineContentScript({
  registration: "runtime",
  async main() {
    try {
      await browser.runtime.sendMessage({ type: "page-signs", signs: detectSigns(document, location) });
    } catch (error) {
      // The extension was reloaded or its worker could not be reached: the page must not notice.
      console.debug("TradeWatch could not reach its background:", error);
    }
  },
});
