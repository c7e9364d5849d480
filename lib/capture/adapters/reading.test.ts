import { describe, expect, it } from "vitest";
import { brokenReading, countMatches, diagnosticPage, readSafely, textOf, UNKNOWN_VERSION } from "./reading";
import { documentAt } from "./test-fixtures";

describe("diagnosticPage", () => {
  it.each([
    ["https://shop.example/checkout/order-received/1234/?key=wc_order_x&email=a%40b.c#top", "https://shop.example/checkout/order-received/:id/"],
    ["https://shop.example/61000001/orders/0f1e2d3c4b5a69788796a5b4c3d2e1f0", "https://shop.example/:id/orders/:id"],
    ["https://shop.example/checkouts/c/abcdefabcdefabcdefabcdefabcdefab/thank_you", "https://shop.example/checkouts/c/:id/thank_you"],
    ["https://shop.example/", "https://shop.example/"],
  ])("names %s as %s: origin and path, ids masked, never the query", (url, expected) => {
    expect(diagnosticPage(documentAt("", url))).toBe(expected);
  });

  it("names no page that is not on the web", () => {
    expect(diagnosticPage({ URL: "about:blank" } as Document)).toBe("");
    expect(diagnosticPage({ URL: "not a url" } as Document)).toBe("");
  });
});

describe("textOf", () => {
  it("collapses spaces, trims and cuts the text", () => {
    const doc = documentAt("<p>  Order\n\t #1001 </p><i> </i>", "https://shop.example/");
    expect(textOf(doc.querySelector("p"))).toBe("Order #1001");
    expect(textOf(doc.querySelector("p"), 5)).toBe("Order");
    expect(textOf(doc.querySelector("i"))).toBeNull();
    expect(textOf(doc.querySelector("b"))).toBeNull();
  });
});

describe("countMatches", () => {
  it("counts each named selector's matches", () => {
    const doc = documentAt('<p class="a"></p><p class="a"></p>', "https://shop.example/");
    expect(countMatches(doc, { A: ".a", B: ".b" })).toEqual({ A: 2, B: 0 });
  });
});

describe("readSafely", () => {
  const doc = documentAt("", "https://shop.example/thanks?email=a%40b.c");

  it("passes the readings on", () => {
    const reading = { adapter: "shopify", kind: "order", raw: 1 } as const;
    expect(readSafely("shopify", doc, () => [reading])).toEqual([reading]);
  });

  it("turns a throw into a broken reading", () => {
    const read = () => {
      throw new Error("boom");
    };
    expect(readSafely("woocommerce", doc, read)).toEqual([brokenReading("woocommerce", doc, {}, ["page"])]);
    expect(brokenReading("woocommerce", doc, {}, ["page"])).toEqual({
      adapter: "woocommerce",
      kind: "broken",
      diagnostic: { adapter: "woocommerce", page: "https://shop.example/thanks", matched: {}, missing: ["page"], version: UNKNOWN_VERSION },
    });
  });
});
