// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { collectJsonLdBlocks, MAX_JSON_LD_BLOCKS } from "./json-ld-blocks";

function page(body: string): Document {
  return new DOMParser().parseFromString(`<!doctype html><html><head></head><body>${body}</body></html>`, "text/html");
}

const ORDER = '{"@type":"Order","orderNumber":"A-1"}';

describe("collectJsonLdBlocks", () => {
  it("returns the text of JSON-LD scripts that mention Order, in document order", () => {
    const doc = page(`
      <script type="application/ld+json">${ORDER}</script>
      <p>between</p>
      <script type="application/ld+json">[{"@type":"Order","orderNumber":"A-2"}]</script>`);
    expect(collectJsonLdBlocks(doc)).toEqual([ORDER, '[{"@type":"Order","orderNumber":"A-2"}]']);
  });

  it("finds blocks in the head as well as the body", () => {
    const doc = new DOMParser().parseFromString(
      `<html><head><script type="application/ld+json">${ORDER}</script></head><body></body></html>`,
      "text/html",
    );
    expect(collectJsonLdBlocks(doc)).toEqual([ORDER]);
  });

  it("compares the type case-insensitively after trimming", () => {
    const doc = page(`<script type="  Application/LD+JSON ">${ORDER}</script>`);
    expect(collectJsonLdBlocks(doc)).toEqual([ORDER]);
  });

  it("reads a type with parameters by its MIME essence, as the detector's sign does", () => {
    const doc = page(`
      <script type="application/ld+json; charset=utf-8">${ORDER}</script>
      <script type=" Application/LD+JSON ;profile=x">${ORDER}</script>
      <script type="application/ld+jsonx; charset=utf-8">${ORDER}</script>`);
    expect(collectJsonLdBlocks(doc)).toEqual([ORDER, ORDER]);
  });

  it("skips other script types and JSON-LD without Order", () => {
    const doc = page(`
      <script>var Order = 1;</script>
      <script type="application/json">${ORDER}</script>
      <script type="text/ld+json">${ORDER}</script>
      <script type="application/ld+json">{"@type":"Organization","name":"Shop"}</script>
      <script type="application/ld+json">{"@type":"order"}</script>`);
    expect(collectJsonLdBlocks(doc)).toEqual([]);
  });

  it("returns nothing for a page without scripts", () => {
    expect(collectJsonLdBlocks(page("<h1>Hello</h1>"))).toEqual([]);
  });

  it("stops before the total would exceed the limit", () => {
    const a = `{"@type":"Order","n":"${"a".repeat(10)}"}`;
    const big = `{"@type":"Order","n":"${"b".repeat(100)}"}`;
    const doc = page([a, a, big, a].map((text) => `<script type="application/ld+json">${text}</script>`).join(""));
    expect(collectJsonLdBlocks(doc, a.length * 2)).toEqual([a, a]);
    expect(collectJsonLdBlocks(doc, a.length * 2 - 1)).toEqual([a]);
    // The big block ends the collection: later blocks are not read either.
    expect(collectJsonLdBlocks(doc, a.length * 3 + 50)).toEqual([a, a]);
  });

  it("caps the total at 512,000 characters by default", () => {
    const huge = `{"@type":"Order","n":"${"x".repeat(512_000)}"}`;
    expect(collectJsonLdBlocks(page(`<script type="application/ld+json">${huge}</script>`))).toEqual([]);
  });
});

describe("collectJsonLdBlocks limits", () => {
  it("stops at the number of blocks one capture message may carry", () => {
    const scripts = Array.from({ length: 60 }, (_, i) => `<script type="application/ld+json">{"@type":"Order","orderNumber":"${i}"}</script>`);
    expect(collectJsonLdBlocks(page(scripts.join("")))).toHaveLength(MAX_JSON_LD_BLOCKS);
  });
});
