import { describe, expect, it } from "vitest";
import { readCheckout } from "./checkout-total";

const PAGE = { url: "https://tea.example/checkout/review#top" };

/** The reference shop's review page: payment due, no order number, no endpoints. */
function checkoutDoc(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    "@context": "https://schema.org",
    "@type": "Order",
    orderStatus: "https://schema.org/OrderPaymentDue",
    seller: { "@type": "Organization", name: "Tea Shop" },
    price: "93.00",
    priceCurrency: "EUR",
    acceptedOffer: [
      {
        "@type": "Offer",
        itemOffered: { "@type": "Product", name: "Steel kettle", sku: "KETTLE" },
        price: "93.00",
        priceCurrency: "EUR",
        eligibleQuantity: { "@type": "QuantitativeValue", value: 1 },
      },
    ],
    ...overrides,
  };
}

const read = (...docs: unknown[]) => readCheckout(docs.map((doc) => JSON.stringify(doc)), PAGE);

describe("readCheckout", () => {
  it("reads the total and the seller of a checkout page", () => {
    expect(read(checkoutDoc())).toEqual({ total: { minor: 9300, currency: "EUR" }, shopName: "Tea Shop" });
  });

  it.each([
    ["a plain status name", { orderStatus: "OrderPaymentDue" }],
    ["an http status IRI", { orderStatus: "http://schema.org/OrderPaymentDue" }],
    ["the invoice's totalPaymentDue", { price: undefined, partOfInvoice: { totalPaymentDue: { price: "93.00", priceCurrency: "EUR" } } }],
    ["a MonetaryAmount", { price: undefined, totalPaymentDue: { "@type": "MonetaryAmount", value: 93, currency: "eur" } }],
  ])("accepts %s", (_case, overrides) => {
    expect(read(checkoutDoc(overrides))?.total).toEqual({ minor: 9300, currency: "EUR" });
  });

  it("finds the Order inside @graph and names the shop from merchant, else the host", () => {
    const { "@context": _context, ...node } = checkoutDoc({ seller: undefined, merchant: "Kettle Co" });
    expect(read({ "@context": "https://schema.org", "@graph": [{ "@type": "WebPage" }, node] })?.shopName).toBe("Kettle Co");
    expect(read(checkoutDoc({ seller: undefined }))?.shopName).toBe("tea.example");
    expect(read(checkoutDoc({ seller: { name: "   " } }))?.shopName).toBe("tea.example");
  });

  it.each([
    ["a confirmation (it has an order number)", checkoutDoc({ orderNumber: "TW-1" })],
    ["an Order in another status", checkoutDoc({ orderStatus: "https://schema.org/OrderProcessing" })],
    ["an Order without a status", checkoutDoc({ orderStatus: undefined })],
    ["no total", checkoutDoc({ price: undefined })],
    ["a negative total", checkoutDoc({ price: "-93.00" })],
    ["a total with too many decimals", checkoutDoc({ price: "93.001" })],
    ["an unknown currency", checkoutDoc({ priceCurrency: "EURO" })],
    ["a float-looking number", checkoutDoc({ price: 1e21 })],
    ["another vocabulary", checkoutDoc({ "@context": "https://example.com/vocab" })],
    ["a Product page", { "@context": "https://schema.org", "@type": "Product", name: "Kettle" }],
  ])("finds nothing on %s", (_case, doc) => {
    expect(read(doc)).toBeNull();
  });

  it("takes the first checkout Order with a readable total, skipping broken blocks", () => {
    const blocks = ["{not json", JSON.stringify(checkoutDoc({ price: "x" })), JSON.stringify(checkoutDoc({ price: "12.50" }))];
    expect(readCheckout(blocks, PAGE)?.total).toEqual({ minor: 1250, currency: "EUR" });
  });

  it("finds nothing on pages that are not http(s)", () => {
    expect(readCheckout([JSON.stringify(checkoutDoc())], { url: "file:///tmp/review.html" })).toBeNull();
    expect(readCheckout([JSON.stringify(checkoutDoc())], { url: "not a url" })).toBeNull();
  });

  it("never copies page keys such as __proto__", () => {
    const text = JSON.stringify(checkoutDoc()).replace('"seller"', '"__proto__":{"polluted":true},"seller"');
    const checkout = readCheckout([text], PAGE);
    expect(checkout).toEqual({ total: { minor: 9300, currency: "EUR" }, shopName: "Tea Shop" });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
