import { describe, expect, it } from "vitest";
import { captureMessageSchema } from "../../messages/schema";
import { collectJsonLdBlocks } from "../json-ld-blocks";
import { readOrders } from "../schema-org-order";
import { detectorSignsOf } from "../test-detector";
import { pageSigns } from "../path-signs";
import { INTERPRETERS } from "./interpreters";
import { PAGE_ADAPTERS, readPage } from "./registry";
import { documentAt, expectations, fixtureFiles, loadFixture, missingKinds, pageTexts, summarise, summariseOutcome, type Result } from "./test-fixtures";
import { ADAPTER_IDS, MAX_READING_CHARS, MAX_READINGS, type PageReading } from "./types";

const NOW = "2026-11-20T10:00:00.000Z";

function page(html: string): Document {
  return documentAt(html, "https://shop.example/orders/confirmation");
}

function interpreted(reading: PageReading, url: URL) {
  return reading.kind === "broken" ? null : INTERPRETERS[reading.adapter].interpret(reading, url, NOW, "UTC");
}

const ORDER_KINDS = new Set(["order", "fetch-order"]);

describe("the adapter registry", () => {
  it("has one page adapter and one interpreter per adapter id, JSON-LD first", () => {
    expect(PAGE_ADAPTERS.map((adapter) => adapter.id)).toEqual([...ADAPTER_IDS]);
    for (const id of ADAPTER_IDS) expect(INTERPRETERS[id].id).toBe(id);
  });

  it.each(ADAPTER_IDS)("has every kind of fixture for %s, each with its expectation", (adapter) => {
    expect(missingKinds(adapter)).toEqual([]);
    expect(Object.keys(expectations(adapter)).sort()).toEqual(fixtureFiles(adapter));
  });
});

// An adapter without fixtures fails above; here each fixture there is runs.
describe.each(ADAPTER_IDS.filter((adapter) => fixtureFiles(adapter).length > 0))("the %s fixtures, detected, read and interpreted", (adapter) => {
  const files = fixtureFiles(adapter);
  it.each(files)("%s", (file) => {
    const expected = expectations(adapter)[file];
    if (expected === undefined) throw new Error(`${adapter}/${file} has no expectation in expected.json`);
    const { doc, url, pageData } = loadFixture(adapter, file, expected.url);
    // Which fixtures show which signs is the detector's test (detector.test.ts).
    const signs = pageSigns(detectorSignsOf(doc), url.href);
    const readings = readPage(doc, pageData, { disabled: [], signs, version: "1.2.3" });
    expect(captureMessageSchema.safeParse({ type: "capture", blocks: [], readings }).success).toBe(true);
    // What the background makes of the page: the Orders of its JSON-LD blocks, sent whatever the signs, then the readings.
    const blockOrders = readOrders(collectJsonLdBlocks(doc), { url: url.href }, NOW, "UTC").map((outcome) => summariseOutcome("schema-org-json-ld", outcome));
    const results: Result[] = [...blockOrders, ...readings.map((reading) => summarise(reading, interpreted(reading, url)))];
    expect(results).toEqual(expected.results);

    if (file === "not-an-order.html") expect(results).toEqual([]);
    if (["normal.html", "multi-item.html"].includes(file) || file.startsWith("locale-")) {
      expect(results.some((result) => ORDER_KINDS.has(result.kind))).toBe(true);
    }
    if (file === "failed.html") {
      // Vendure pages only name the order: its failure comes from the Shop API (vendure.test.ts).
      const failed = results.some((result) => result.kind === "status" && (result.shop === "cancelled" || result.payment === "failed"));
      expect(failed || results.some((result) => result.kind === "fetch-order")).toBe(true);
    }
    if (file === "broken.html") expect(results.some((result) => result.kind === "broken")).toBe(true);
    for (const reading of readings) {
      const outcome = interpreted(reading, url);
      if (outcome?.kind === "order") {
        expect(outcome.order.info.adapter).toBe(reading.adapter);
        expect(outcome.order.info.shop.origin).toBe(url.origin);
        expect(outcome.order.info.capturedAt).toBe(NOW);
      }
      if (reading.kind === "broken") {
        const diagnostic = JSON.stringify(reading.diagnostic);
        expect(reading.diagnostic).toMatchObject({ adapter: reading.adapter, version: "1.2.3" });
        expect(reading.diagnostic.page.startsWith(url.origin)).toBe(true);
        expect(diagnostic).not.toContain("?");
        for (const text of pageTexts(doc)) expect(diagnostic).not.toContain(text);
      }
    }
  });
});

describe("readPage", () => {
  // Delivered: the JSON-LD adapter reads its status, since the Order itself travels as a block.
  const ORDER = (n: number) =>
    `<script type="application/ld+json">{"@context":"https://schema.org","@type":"Order","orderNumber":"A-${n}","orderDate":"2026-11-16","acceptedOffer":{"@type":"Offer","price":"1.00","priceCurrency":"EUR","itemOffered":{"@type":"Product","name":"Tea"}},"totalPaymentDue":{"@type":"PriceSpecification","price":"1.00","priceCurrency":"EUR"},"orderStatus":"https://schema.org/OrderDelivered"}</script>`;

  it("runs only the adapters whose signs were seen", () => {
    const doc = page(ORDER(1));
    expect(readPage(doc, null, { disabled: [], signs: ["schema-org-json-ld"] })).toHaveLength(1);
    expect(readPage(doc, null, { disabled: [], signs: ["woocommerce"] })).toEqual([]);
  });

  it("skips the adapters the user switched off", () => {
    expect(readPage(page(ORDER(1)), null, { disabled: ["schema-org-json-ld"], signs: ["schema-org-json-ld"] })).toEqual([]);
  });

  it(`carries at most ${MAX_READINGS} readings`, () => {
    const doc = page(Array.from({ length: MAX_READINGS + 5 }, (_, n) => ORDER(n)).join(""));
    expect(readPage(doc, null, { disabled: [], signs: ["schema-org-json-ld"] })).toHaveLength(MAX_READINGS);
  });

  it("leaves out a reading that would make the capture message too large, keeping the others", () => {
    const huge = ORDER(1).replace('"A-1"', `"A-${"1".repeat(MAX_READING_CHARS)}"`);
    const doc = page(`${huge}${ORDER(2)}`);
    const readings = readPage(doc, null, { disabled: [], signs: ["schema-org-json-ld"] });
    expect(readings).toHaveLength(1);
    expect(captureMessageSchema.safeParse({ type: "capture", blocks: [], readings }).success).toBe(true);
  });

  it("turns an adapter that throws into a broken reading, without throwing", () => {
    const doc = page("");
    Object.defineProperty(doc, "querySelectorAll", {
      value: () => {
        throw new Error("surprise");
      },
    });
    expect(readPage(doc, null, { disabled: [], signs: ["schema-org-json-ld"], version: "9.9.9" })).toEqual([
      {
        adapter: "schema-org-json-ld",
        kind: "broken",
        diagnostic: { adapter: "schema-org-json-ld", page: "https://shop.example/orders/confirmation", matched: {}, missing: ["page"], version: "9.9.9" },
      },
    ]);
  });
});
