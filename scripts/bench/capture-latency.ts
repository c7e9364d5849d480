/**
 * 2. Capture latency: orders placed at the reference shop (each its own trading id), their
 * confirmation pages loaded in a fresh tab, timed from the page's load event to TradeWatch's
 * badge appearing. The badge says "tracking" only once the background has answered the
 * capture, and it answers only after the trade's IndexedDB transaction has committed
 * (lib/background/messages.ts capture → lib/db/trades.ts saveCaptured → writeLedger), so the
 * badge also means "stored"; the number of stored trades is checked at the end as well.
 */
import * as z from "zod";
import { PRODUCTS } from "../../servers/catalog";
import { quantityField } from "../../servers/checkout";
import { startReferenceServers } from "../../servers/index";
import type { BenchPage, ExtensionBrowser } from "./browsers";
import { figure, type Figure } from "./figures";

const GROUP = "2. Capture latency (confirmation page load → trade stored, badge shown)";
/** lib/capture/page-badge.ts BADGE_HOST_ID; that module imports its stylesheet, which Node cannot load. */
const BADGE_HOST_ID = "tradewatch-badge";

/** What the page logs once the badge is there: the bench's signal to read the times. */
const BADGE_SEEN = "tradewatch-bench: badge seen";

/**
 * Notes, in the page's own world from its first moment, when the badge's host element is added,
 * and says so in the console. The bench waits for that message rather than polling the page,
 * which would run Playwright's own script in the page (about 14 ms of its main thread, in a
 * trace) while the capture is under way.
 */
const WATCH_BADGE = `(() => {
  const observer = new MutationObserver(() => {
    if (document.getElementById(${JSON.stringify(BADGE_HOST_ID)}) === null) return;
    window.__benchBadgeAt = performance.now();
    observer.disconnect();
    console.debug(${JSON.stringify(BADGE_SEEN)});
  });
  observer.observe(document, { childList: true, subtree: true });
})()`;

const TIMES = `(() => {
  const navigation = performance.getEntriesByType("navigation")[0];
  const host = document.getElementById(${JSON.stringify(BADGE_HOST_ID)});
  return { badgeAt: window.__benchBadgeAt, loadEventEnd: navigation.loadEventEnd, text: host?.shadowRoot?.textContent ?? "" };
})()`;
const timesSchema = z.object({ badgeAt: z.number().positive(), loadEventEnd: z.number().positive(), text: z.string() });

/** Places an order as the storefront's form would and returns its confirmation page's address. */
async function placeOrder(shopUrl: string, index: number): Promise<{ url: string; tradingId: string }> {
  const product = PRODUCTS[index % PRODUCTS.length]!;
  const response = await fetch(`${shopUrl}/checkout`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ [quantityField(product.sku)]: String(1 + (index % 3)) }).toString(),
    redirect: "manual",
  });
  const location = response.headers.get("location");
  const tradingId = /^\/orders\/([^/?#]+)$/.exec(location ?? "")?.[1];
  if (response.status !== 303) throw new Error(`checkout answered ${response.status}, not a redirect`);
  if (tradingId === undefined) throw new Error(`checkout redirected to ${location}, not to an order`);
  return { url: `${shopUrl}${location}`, tradingId: decodeURIComponent(tradingId) };
}

export async function measureCaptureLatency(browser: ExtensionBrowser, bench: BenchPage, captures: number): Promise<Figure[]> {
  const servers = await startReferenceServers({ ports: { shop: 0, payment: 0, delivery: 0 } });
  try {
    const storedBefore = await bench.countTrades();
    const afterLoad: number[] = [];
    const afterStart: number[] = [];
    for (let index = 0; index < captures; index++) {
      const order = await placeOrder(servers.urls.shop, index);
      const page = await browser.context.newPage();
      try {
        await page.addInitScript(WATCH_BADGE);
        const badgeSeen = page.waitForEvent("console", (message) => message.text() === BADGE_SEEN);
        await page.goto(order.url, { waitUntil: "load" });
        await badgeSeen;
        const times = timesSchema.parse(await page.evaluate(TIMES));
        if (!times.text.includes(order.tradingId)) throw new Error(`the badge for ${order.tradingId} says: ${times.text}`);
        afterLoad.push(times.badgeAt - times.loadEventEnd);
        afterStart.push(times.badgeAt);
      } finally {
        await page.close();
      }
    }
    const stored = (await bench.countTrades()) - storedBefore;
    if (stored !== captures) throw new Error(`${captures} orders captured but ${stored} trades stored`);
    return [
      figure({
        id: "capture.load-to-badge",
        group: GROUP,
        name: "load event end → badge (trade stored)",
        unit: "ms",
        samples: afterLoad,
        target: { on: "p95", op: "<=", value: 150 },
        note: `${captures} orders at the reference shop, one fresh tab each; ${stored} trades stored.`,
      }),
      figure({ id: "capture.start-to-badge", group: GROUP, name: "navigation start → badge", unit: "ms", samples: afterStart }),
    ];
  } finally {
    await servers.close();
  }
}
