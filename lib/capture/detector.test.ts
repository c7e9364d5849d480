import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";
import { detectorBundle } from "./detector-bundle";
import { describe, expect, it } from "vitest";
import { documentAt, expectations, fixtureFiles, loadFixture } from "./adapters/test-fixtures";
import { ADAPTER_IDS } from "./adapters/types";
import { detectSigns } from "./detector";

function signsOf(html: string, url = "https://shop.example/") {
  return detectSigns(documentAt(html, url), new URL(url));
}

describe("detectSigns", () => {
  it("gives the signs in the adapters' order", () => {
    const everything = `<script type="application/ld+json">{"@type":"Order"}</script><div itemscope itemtype="https://schema.org/Order"></div>
      <meta name="shopify-checkout-api-token" content="x"><div class="woocommerce-order"></div><p data-vendure-order-code="A">A</p>`;
    expect(signsOf(everything, "https://shop.example/61000001/checkouts/0f1e2d3c4b5a6978/thank_you")).toEqual([...ADAPTER_IDS]);
  });

  it("sees nothing on an ordinary page", () => {
    expect(signsOf("<h1>Hello</h1><script type='application/ld+json'>{\"@type\":\"Organization\"}</script>")).toEqual([]);
  });

  it.each([
    ['<script type="application/ld+json">{"@type":"Order"}</script>', "schema-org-json-ld"],
    ['<script type="Application/LD+JSON; charset=utf-8">{"@type":"Order"}</script>', "schema-org-json-ld"],
    ['<div itemscope itemtype="https://schema.org/Order"></div>', "schema-org-microdata"],
    ['<div itemscope itemtype="http://SCHEMA.org/Order"></div>', "schema-org-microdata"],
    ['<body class="woocommerce-order-received"></body>', "woocommerce"],
    ['<body class="woocommerce-account woocommerce-view-order"></body>', "woocommerce"],
    ['<div class="woocommerce"><div class="woocommerce-order"></div></div>', "woocommerce"],
    ['<meta name="vendure:shop-api" content="/shop-api">', "vendure"],
    ['<p data-vendure-order-code="ABC">ABC</p>', "vendure"],
  ])("sees %s as %s", (html, adapter) => {
    expect(signsOf(html)).toEqual([adapter]);
  });

  it.each([["/checkout/confirmation/NS1VJAZG8LU65X5F", "vendure"]])("sees the path %s as %s", (path, adapter) => {
    expect(signsOf("<p>Thanks</p>", `https://shop.example${path}?x=1`)).toEqual([adapter]);
  });

  const SHOPIFY_MARKUPS = [
    '<script id="shopify-features" type="application/json">{}</script>',
    '<meta name="shopify-checkout-api-token" content="x">',
    '<link rel="preconnect" href="https://cdn.shopify.com">',
  ];
  const SHOPIFY_PATHS = [
    "/61000001/checkouts/0f1e2d3c4b5a6978/thank_you",
    "/checkouts/c/0f1e2d3c4b5a6978/thank-you",
    "/61000001/orders/0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    "/61000001/Checkouts/0F1E2D3C4B5A6978/Thank_You",
    "/61000001/Orders/0F1E2D3C4B5A69788796A5B4C3D2E1F0",
  ];

  it.each(SHOPIFY_MARKUPS.flatMap((html) => SHOPIFY_PATHS.map((path) => [html, path])))("sees %s at %s as shopify", (html, path) => {
    expect(signsOf(html, `https://shop.example${path}`)).toEqual(["shopify"]);
  });

  it("does not take Shopify's markup on any other page, or an order path without it, for a sign (every page of a Shopify shop has the markup)", () => {
    for (const html of SHOPIFY_MARKUPS) expect(signsOf(html, "https://shop.example/products/green-tea")).toEqual([]);
    for (const path of SHOPIFY_PATHS) expect(signsOf("<p>Thanks</p>", `https://shop.example${path}`)).toEqual([]);
  });

  it.each([
    '<script type="application/ld+json">{"@type":"Product"}</script>',
    '<div itemscope itemtype="https://schema.org/OrderItem"></div>',
    '<ul class="woocommerce-orders-table"></ul><body class="woocommerce-account"></body>',
    '<a href="https://shopify.example/">a shop</a>',
  ])("does not take %s for a sign", (html) => {
    expect(signsOf(html, "https://shop.example/my-account/orders/")).toEqual([]);
  });

  it("ships as one classic script under 1 KB gzipped", () => {
    const bundle = detectorBundle();
    expect(new TextDecoder().decode(bundle)).not.toMatch(/\bimport\b|\bexport\b/);
    expect(gzipSync(bundle, { level: 9 }).length).toBeLessThanOrEqual(1024);
  });

  it("as shipped, gives the signs as the script's value and leaves nothing behind in the page's world", () => {
    const script = new TextDecoder().decode(detectorBundle());
    const url = "https://shop.example/checkout/confirmation/NS1VJAZG8LU65X5F";
    const pageWorld: Record<string, unknown> = { document: documentAt('<body class="woocommerce-order-received"></body>', url), location: new URL(url) };
    // The value crosses into this test's world, so it is compared as plain data.
    expect(JSON.parse(JSON.stringify(runInNewContext(script, pageWorld)))).toEqual(["woocommerce", "vendure"]);
    expect(Object.keys(pageWorld)).toEqual(["document", "location"]);
  });
});

describe.each(ADAPTER_IDS.filter((adapter) => fixtureFiles(adapter).length > 0))("detectSigns on the %s fixtures", (adapter) => {
  it.each(fixtureFiles(adapter))("%s", (file) => {
    const expected = expectations(adapter)[file];
    if (expected === undefined) throw new Error(`${adapter}/${file} has no expectation in expected.json`);
    const { doc, url } = loadFixture(adapter, file, expected.url);
    const signs = detectSigns(doc, url);
    if (file === "not-an-order.html") {
      // A page of the platform may show its sign (its adapter then says "not mine"); no other platform's.
      expect(signs.filter((sign) => sign !== adapter)).toEqual([]);
    } else {
      expect(signs).toContain(adapter);
    }
  });
});
