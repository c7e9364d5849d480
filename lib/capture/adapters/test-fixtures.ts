/**
 * Test support only: the committed adapter fixtures (test/fixtures/adapters/<adapter>/) as
 * documents, and their expectations. Each directory holds the fixture pages and an
 * expected.json mapping every page to the address it is served at and what reading it gives:
 *
 *   { "normal.html": { "url": "https://shop.example/checkout/…", "results": [Result, …] } }
 *
 * where a Result is, per Order of the page's JSON-LD blocks (which the background reads itself)
 * and then per reading, in order (see `summarise`):
 *   { "adapter", "kind": "order", "tradingId", "total": { "minor", "currency" }, "items": <count> }
 *   { "adapter", "kind": "status", "tradingId", "shop", "payment", "delivery", "trackingNumber" } (null: not said)
 *   { "adapter", "kind": "fetch-order", "code", "shopApi" }
 *   { "adapter", "kind": "broken", "missing": [field, …] }
 *   { "adapter", "kind": "invalid", "reason" }
 */
import { readdirSync, readFileSync } from "node:fs";
import { Window } from "happy-dom";
import { SHOPIFY_CHECKOUT_FIELDS, SHOPIFY_LINE_ITEM_FIELDS } from "./shopify-page";
import type { AdapterId, Interpreted, PageData, PageReading } from "./types";

export const FIXTURES = `${import.meta.dirname}/../../../test/fixtures/adapters`;

/** The fixture kinds every adapter must have (a locale-<language>.html in place of the pattern). */
export const REQUIRED_FIXTURES = ["normal.html", "multi-item.html", "failed.html", "locale-<xx>.html", "not-an-order.html", "broken.html"] as const;
const LOCALE_FIXTURE = /^locale-[a-z]{2,3}(?:-[a-z0-9]+)*\.html$/i;

export type Result = Record<string, unknown> & { adapter: AdapterId; kind: string };

export interface Expectation {
  url: string;
  results: Result[];
}

export function fixtureFiles(adapter: AdapterId): string[] {
  try {
    return readdirSync(`${FIXTURES}/${adapter}`).filter((name) => name.endsWith(".html")).sort();
  } catch {
    return [];
  }
}

/** The required kinds the adapter's directory lacks. */
export function missingKinds(adapter: AdapterId): string[] {
  const files = fixtureFiles(adapter);
  return REQUIRED_FIXTURES.filter((kind) => (kind === "locale-<xx>.html" ? !files.some((file) => LOCALE_FIXTURE.test(file)) : !files.includes(kind)));
}

export function expectations(adapter: AdapterId): Record<string, Expectation> {
  return JSON.parse(readFileSync(`${FIXTURES}/${adapter}/expected.json`, "utf8")) as Record<string, Expectation>;
}

export interface LoadedFixture {
  html: string;
  doc: Document;
  url: URL;
  /** What the background would copy from the page's main world (Shopify.checkout), as stage two gets it. */
  pageData: PageData | null;
}

/** HTML as a document at an address (scripts are not run: content scripts see the DOM only). */
export function documentAt(html: string, url: string): Document {
  const window = new Window({
    url,
    settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true, disableIframePageLoading: true },
  });
  return new window.DOMParser().parseFromString(html, "text/html") as unknown as Document;
}

export function loadFixture(adapter: AdapterId, file: string, url: string): LoadedFixture {
  const html = readFileSync(`${FIXTURES}/${adapter}/${file}`, "utf8");
  return { html, doc: documentAt(html, url), url: new URL(url), pageData: shopifyPageData(html) };
}

/** A page's `Shopify.checkout = {…};` line, copied field by field as the main-world read does. */
function shopifyPageData(html: string): PageData | null {
  const json = /Shopify\.checkout = (\{.*\});$/m.exec(html)?.[1];
  if (json === undefined) return null;
  const checkout = JSON.parse(json) as Record<string, unknown>;
  const copy = pick(checkout, SHOPIFY_CHECKOUT_FIELDS);
  if (Array.isArray(copy.line_items)) copy.line_items = copy.line_items.map((item: Record<string, unknown>) => pick(item, SHOPIFY_LINE_ITEM_FIELDS));
  return { shopifyCheckout: copy };
}

function pick(source: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((field) => field in source).map((field) => [field, source[field]]));
}

/** A reading's interpretation in the expectations' terms. */
export function summarise(reading: PageReading, interpreted: Interpreted | null): Result {
  if (reading.kind === "broken") return { adapter: reading.adapter, kind: "broken", missing: reading.diagnostic.missing };
  return summariseOutcome(reading.adapter, interpreted);
}

/** What the background made of a reading or of the page's JSON-LD blocks (readOrders), in the expectations' terms. */
export function summariseOutcome(adapter: AdapterId, interpreted: Interpreted | null): Result {
  switch (interpreted?.kind) {
    case "order": {
      const { tradingId, total, items } = interpreted.order.info;
      return { adapter, kind: "order", tradingId, total, items: items.length };
    }
    case "status": {
      const status = (source: string) => interpreted.reports.find((report) => report.source === source)?.status ?? null;
      const delivery = interpreted.reports.find((report) => report.source === "delivery");
      const trackingNumber = delivery?.source === "delivery" ? delivery.trackingNumber : null;
      return { adapter, kind: "status", tradingId: interpreted.tradingId, shop: status("shop"), payment: status("payment"), delivery: status("delivery"), trackingNumber };
    }
    case "fetch-order":
      return { adapter, kind: "fetch-order", code: interpreted.code, shopApi: interpreted.shopApi };
    case "invalid":
      return { adapter, kind: "invalid", reason: interpreted.reason };
    default:
      return { adapter, kind: "none" };
  }
}

/** The page's text, node by node (trimmed, at least `min` characters): none of it may appear in a diagnostic. */
export function pageTexts(doc: Document, min = 4): string[] {
  const texts: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === 3) {
      const text = node.textContent?.trim() ?? "";
      if (text.length >= min) texts.push(text);
    }
    for (const child of node.childNodes) walk(child);
  };
  walk(doc.documentElement);
  return texts;
}
