import { browser } from "wxt/browser";
import { badgeForPage } from "@/lib/capture/page-capture";
import { showPageBadge } from "@/lib/capture/page-badge";

// Registered at run time for the sites the user granted (lib/background/capture-scripts.ts).
export default defineContentScript({
  registration: "runtime",
  async main() {
    const content = await badgeForPage(document, (message) => browser.runtime.sendMessage(message));
    if (content) showPageBadge(document, content);
  },
});
