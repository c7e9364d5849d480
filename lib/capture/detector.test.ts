import { createContext, runInContext } from "node:vm";
import { gzipSync } from "node:zlib";
import { detectorBundle } from "./detector-bundle";
import { describe, expect, it } from "vitest";
import { documentAt, expectations, fixtureFiles, loadFixture } from "./adapters/test-fixtures";
import { ADAPTER_IDS } from "./adapters/types";
import { detectorSignsOf } from "./test-detector";
import { pageSigns } from "./path-signs";

/** The page's signs as the background has them: the detector's, in the page, and its address's. */
function signsOf(html: string, url = "https://shop.example/") {
  return pageSigns(detectorSignsOf(documentAt(html, url)), url);
}

describe("the detector script and pageSigns", () => {
  it("give the signs in the adapters' order", () => {
    const everything = `<p data-vendure-order-code="A">A</p><div class="woocommerce-order"></div><div itemscope itemtype="https://schema.org/Order"></div>
      <script type="application/ld+json">{"@type":"Order"}</script>`;
    expect(signsOf(everything, "https://shop.example/61000001/checkouts/0f1e2d3c4b5a6978/thank_you")).toEqual([...ADAPTER_IDS]);
  });

  it("see nothing on an ordinary page", () => {
    expect(signsOf("<h1>Hello</h1><script type='application/ld+json'>{\"@type\":\"Organization\"}</script>")).toEqual([]);
  });

  it.each([
    ['<script type="application/ld+json">{"@type":"Order"}</script>', "schema-org-json-ld"],
    ['<script type="Application/LD+JSON; charset=utf-8">{"@type":"Order"}</script>', "schema-org-json-ld"],
    ['<script type="application/ld+json">{"@type":"Product"}</script><script type="application/ld+json">{"@type":"Order"}</script>', "schema-org-json-ld"],
    ['<div itemscope itemtype="https://schema.org/Order"></div>', "schema-org-microdata"],
    ['<div itemscope itemtype="http://SCHEMA.org/Order"></div>', "schema-org-microdata"],
    ['<body class="woocommerce-account woocommerce-view-order"></body>', "woocommerce"],
    ['<div class="woocommerce"><div class="woocommerce-order"></div></div>', "woocommerce"],
    ['<p data-vendure-order-code="ABC">ABC</p>', "vendure"],
  ])("see %s as %s", (html, adapter) => {
    expect(signsOf(html)).toEqual([adapter]);
  });

  it("look at no more than the first 20 JSON-LD scripts", () => {
    const products = '<script type="application/ld+json">{"@type":"Product"}</script>'.repeat(20);
    expect(signsOf(`${products}<script type="application/ld+json">{"@type":"Order"}</script>`)).toEqual([]);
  });

  it.each([
    // Signs of the platform that its adapter turns down without the order on the page.
    '<body class="woocommerce-order-received"></body>',
    '<meta name="vendure:shop-api" content="/shop-api">',
    '<script type="application/ld+json">{"@type":"Product"}</script>',
    '<div itemscope itemtype="https://schema.org/OrderItem"></div>',
    '<ul class="woocommerce-orders-table"></ul><body class="woocommerce-account"></body>',
    '<a href="https://shopify.example/">a shop</a>',
    '<meta name="shopify-checkout-api-token" content="x"><script id="shopify-features" type="application/json">{}</script>',
  ])("do not take %s for a sign", (html) => {
    expect(signsOf(html, "https://shop.example/my-account/orders/")).toEqual([]);
  });

  it.each([
    ["/61000001/checkouts/0f1e2d3c4b5a6978/thank_you", "shopify"],
    ["/checkouts/c/0f1e2d3c4b5a6978/thank-you", "shopify"],
    ["/61000001/orders/0f1e2d3c4b5a69788796a5b4c3d2e1f0", "shopify"],
    ["/61000001/Checkouts/0F1E2D3C4B5A6978/Thank_You/", "shopify"],
    ["/61000001/Orders/0F1E2D3C4B5A69788796A5B4C3D2E1F0", "shopify"],
    ["/checkout/confirmation/NS1VJAZG8LU65X5F", "vendure"],
    ["/checkout/confirmation/2026-0042/", "vendure"],
  ])("see the address %s as %s, whatever the page shows", (path, adapter) => {
    expect(signsOf("<p>Thanks</p>", `https://shop.example${path}?x=1#top`)).toEqual([adapter]);
  });

  it.each([
    "/products/green-tea",
    "/account/orders/",
    "/orders/0f1e2d3c",
    "/thank-you-notes/1",
    "/shop/checkout/confirmation/",
    "/checkout/confirmation/A1/edit",
    "/en/checkout/confirmation/A1",
  ])("see no sign in the address %s", (path) => {
    expect(signsOf("<p>Thanks</p>", `https://shop.example${path}`)).toEqual([]);
  });

  it("read a sign from the path only, not from the query or fragment", () => {
    expect(signsOf("<p>Hi</p>", "https://shop.example/?next=/checkout/confirmation/A1#/orders/0f1e2d3c4b5a6978")).toEqual([]);
  });

  it("give what the markup showed on an address that does not parse", () => {
    expect(pageSigns(["woocommerce"], "not a url")).toEqual(["woocommerce"]);
  });

  it("ships as one classic script under 1 KB gzipped", () => {
    const bundle = detectorBundle();
    expect(new TextDecoder().decode(bundle)).not.toMatch(/\bimport\b|\bexport\b/);
    expect(gzipSync(bundle, { level: 9 }).length).toBeLessThanOrEqual(1024);
  });

  it("gives the markup's signs as the script's value, declares nothing in the page's world, and runs there again", () => {
    const script = new TextDecoder().decode(detectorBundle());
    const pageWorld = createContext({ document: documentAt('<body class="woocommerce-view-order"><b data-vendure-order-code="A">A</b></body>', "https://shop.example/") });
    // The value crosses into this test's world, so it is compared as plain data.
    expect(JSON.parse(JSON.stringify(runInContext(script, pageWorld)))).toEqual(["woocommerce", "vendure"]);
    // A second run on the same page (the site just granted) meets no declaration of the first.
    expect(JSON.parse(JSON.stringify(runInContext(script, pageWorld)))).toEqual(["woocommerce", "vendure"]);
    expect(Object.keys(pageWorld)).toEqual(["document"]);
    expect(runInContext("typeof detected", pageWorld)).toBe("undefined");
  });
});

describe.each(ADAPTER_IDS.filter((adapter) => fixtureFiles(adapter).length > 0))("the signs on the %s fixtures", (adapter) => {
  it.each(fixtureFiles(adapter))("%s", (file) => {
    const expected = expectations(adapter)[file];
    if (expected === undefined) throw new Error(`${adapter}/${file} has no expectation in expected.json`);
    const { doc, url } = loadFixture(adapter, file, expected.url);
    const signs = pageSigns(detectorSignsOf(doc), url.href);
    if (file === "not-an-order.html") {
      // A page of the platform may show its sign (its adapter then says "not mine"); no other platform's.
      expect(signs.filter((sign) => sign !== adapter)).toEqual([]);
    } else {
      expect(signs).toContain(adapter);
    }
  });
});
