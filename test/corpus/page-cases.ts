/**
 * The confirmation-page corpus: test/corpus/pages.json, plus the cases too large to commit
 * as text (gigantic and deeply nested pages), generated here the same way every time.
 */
import { readFileSync } from "node:fs";
import { collectJsonLdBlocks } from "../../lib/capture/json-ld-blocks";
import { loadCorpus } from "./corpus";

export const DEFAULT_PAGE_URL = "https://corpus-shop.example/order/thanks";

export interface PageCase {
  group: string;
  name: string;
  /** The page the content script ran on; the shop's origin comes from it. */
  url?: string;
  /** JSON-LD as a value (one block), raw block texts, or a page for the content script's collector. */
  jsonld?: unknown;
  blocks?: string[];
  html?: string;
  /** Relative to test/corpus/. */
  htmlFile?: string;
  expect: "tracked" | "invalid" | "not-an-order" | "refused";
  /** tracked: the trading ids stored (all of them), or how many when the page floods. */
  tradingIds?: string[];
  tradingCount?: number;
  /** tracked: fields of the first stored trade. */
  total?: { minor: number; currency: string };
  orderDate?: string;
  endpoints?: Partial<Record<"shop" | "payment" | "delivery", string | null>>;
  /** invalid: a part of one of the reasons. refused: a part of the error. */
  reason?: string;
  error?: string;
}

/** What the content script would send for this case (html goes through the real collector). */
export function blocksOf(c: PageCase): string[] {
  if (c.blocks) return c.blocks;
  if (c.jsonld !== undefined) return [JSON.stringify(c.jsonld)];
  const html = c.htmlFile ? readFileSync(`${import.meta.dirname}/${c.htmlFile}`, "utf8") : (c.html ?? "");
  return collectJsonLdBlocks(new DOMParser().parseFromString(html, "text/html"));
}

function order(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    "@context": "https://schema.org",
    "@type": "Order",
    orderNumber: "TW-1",
    orderDate: "2026-11-20T10:00:00Z",
    seller: { "@type": "Organization", name: "Corpus Shop" },
    price: "39.98",
    priceCurrency: "EUR",
    acceptedOffer: [offer()],
    ...overrides,
  };
}

function offer(name = "Green tea"): Record<string, unknown> {
  return { "@type": "Offer", itemOffered: { "@type": "Product", name }, price: "19.99", priceCurrency: "EUR", eligibleQuantity: 2 };
}

/** `value` wrapped in `depth` arrays. */
function nestedInArrays(value: unknown, depth: number): unknown {
  let nested = value;
  for (let i = 0; i < depth; i++) nested = [nested];
  return nested;
}

function generated(): PageCase[] {
  const g = "gigantic and deep";
  const deepText = `${"[".repeat(100_000)}"Order"${"]".repeat(100_000)}`;
  // Built as text: JSON.stringify itself cannot go this deep.
  const deepSeller = `${'{"name":'.repeat(50_000)}"Corpus Shop"${"}".repeat(50_000)}`;
  let deepGraph: unknown = order();
  for (let i = 0; i < 50; i++) deepGraph = { "@context": "https://schema.org", "@graph": [deepGraph] };
  const manyOrders = Array.from({ length: 3000 }, (_, i) => JSON.stringify(order({ orderNumber: `FLOOD-${i}` })));
  return [
    { group: g, name: "one JSON-LD block of 600,000 characters", blocks: [JSON.stringify(order({ description: "x".repeat(600_000) }))], expect: "refused", error: "Malformed message" },
    { group: g, name: "51 JSON-LD blocks in one message", blocks: Array.from({ length: 51 }, () => JSON.stringify(order())), expect: "refused", error: "Malformed message" },
    { group: g, name: "a blocks field that is not a list", blocks: "x".repeat(1000) as never, expect: "refused", error: "Malformed message" },
    {
      group: g,
      // The collector stops at the 50 blocks one capture message may carry.
      name: "a 3 MB page of 3,000 Orders: the first 50 are captured",
      html: `<html><body>${manyOrders.map((text) => `<script type="application/ld+json">${text}</script>`).join("\n")}</body></html>`,
      expect: "tracked",
      tradingCount: 50,
    },
    { group: g, name: "an @graph of 200 Orders: capture stops at 50", jsonld: { "@context": "https://schema.org", "@graph": Array.from({ length: 200 }, (_, i) => order({ orderNumber: `G-${i}` })) }, expect: "tracked", tradingCount: 50 },
    { group: g, name: "500,000 spaces of padding around a valid Order", blocks: [`${" ".repeat(250_000)}${JSON.stringify(order())}${" ".repeat(250_000)}`], expect: "tracked", tradingIds: ["TW-1"] },
    { group: g, name: "1,000 items", jsonld: order({ acceptedOffer: Array.from({ length: 1000 }, (_, i) => offer(`Item ${i}`)), price: "39980.00" }), expect: "tracked", tradingIds: ["TW-1"] },
    { group: g, name: "1,001 items", jsonld: order({ acceptedOffer: Array.from({ length: 1001 }, (_, i) => offer(`Item ${i}`)) }), expect: "invalid", reason: "Order TW-1 has more than 1,000 items" },
    { group: g, name: "2,000 items", jsonld: order({ acceptedOffer: Array.from({ length: 2000 }, () => offer()) }), expect: "invalid", reason: "has more than 1,000 items" },
    { group: g, name: "an item name of 100,000 characters", jsonld: order({ acceptedOffer: [offer("n".repeat(100_000))] }), expect: "invalid", reason: "item 1 name is longer than 500 characters" },
    { group: g, name: "an order number of exactly 200 characters", jsonld: order({ orderNumber: "N".repeat(200) }), expect: "tracked", tradingIds: ["N".repeat(200)] },
    { group: g, name: "an Order inside 8 nested lists", jsonld: nestedInArrays(order(), 8), expect: "tracked", tradingIds: ["TW-1"] },
    { group: g, name: "an Order inside 9 nested lists is beyond the depth TradeWatch reads", jsonld: nestedInArrays(order(), 9), expect: "not-an-order" },
    { group: g, name: "100,000 nested lists around the word Order", blocks: [deepText], expect: "not-an-order" },
    { group: g, name: "a seller name nested 50,000 objects deep", blocks: [JSON.stringify(order()).replace('"seller":{"@type":"Organization","name":"Corpus Shop"}', `"seller":${deepSeller}`)], expect: "tracked", tradingIds: ["TW-1"] },
    { group: g, name: "an Order at the bottom of 50 nested @graph", jsonld: deepGraph, expect: "not-an-order" },
    { group: g, name: "50 blocks of 10,000 characters each", blocks: Array.from({ length: 50 }, (_, i) => JSON.stringify(order({ orderNumber: `B-${i}`, description: "d".repeat(10_000) }))), expect: "tracked", tradingCount: 50 },
  ];
}

export function pageCases(): PageCase[] {
  return [...loadCorpus<PageCase>("pages.json"), ...generated()];
}
