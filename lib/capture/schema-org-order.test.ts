// @vitest-environment happy-dom
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMMAND_NAMES, type CapturedOrder, type Money, type OrderItem } from "../domain/types";
import { collectJsonLdBlocks } from "./json-ld-blocks";
import { readOrders, type CaptureOutcome } from "./schema-org-order";

const NOW = "2026-11-22T10:05:00.000Z";
const FIXTURES = `${import.meta.dirname}/../../test/fixtures/pages`;

/** What the background does with a page: the content script's blocks, then readOrders. */
function capturePage(fixture: string, url: string): CaptureOutcome[] {
  const html = readFileSync(`${FIXTURES}/${fixture}`, "utf8");
  const doc = new DOMParser().parseFromString(html, "text/html");
  return readOrders(collectJsonLdBlocks(doc), { url }, NOW, "UTC");
}

function money(minor: number, currency: string): Money {
  return { minor, currency };
}

function item(name: string, sku: string | null, quantity: number, unitPrice: Money | null): OrderItem {
  return { name, sku, quantity, unitPrice };
}

function order(captured: CapturedOrder): CaptureOutcome {
  return { kind: "order", order: captured };
}

function invalid(reason: string): CaptureOutcome {
  return { kind: "invalid", reason };
}

const NO_ENDPOINTS = { shop: null, payment: null, delivery: null };

describe("readOrders on fixture pages", () => {
  it("reads the reference shop's confirmation page", () => {
    expect(capturePage("reference-shop-confirmation.html", "http://127.0.0.1:4101/orders/TW-100001#thanks")).toEqual([
      order({
        info: {
          tradingId: "TW-100001",
          shop: { name: "Reference Shop", origin: "http://127.0.0.1:4101" },
          orderDate: "2026-11-22T10:00:00.000Z",
          items: [item("Green tea", "TEA-GREEN", 3, money(1999, "EUR"))],
          total: money(5997, "EUR"),
          endpoints: {
            shop: "http://127.0.0.1:4101/api/status",
            payment: "http://127.0.0.1:4102/api/status",
            delivery: "http://127.0.0.1:4103/api/status",
          },
          commands: { url: "http://127.0.0.1:4101/api/commands", supports: [...COMMAND_NAMES] },
          adapter: "schema-org-json-ld",
          protocol: "tradewatch",
          pageUrl: "http://127.0.0.1:4101/orders/TW-100001",
          capturedAt: NOW,
        },
        paymentDueAt: "2026-11-23T10:00:00.000Z",
        expectedDeliveryAt: "2026-11-25T10:00:00.000Z",
      }),
    ]);
  });

  it("reads Gmail-style markup (http context, total on the Order, plain-string seller, EntryPoint target)", () => {
    expect(capturePage("gmail-style.html", "https://www.example-books.com/checkout/thank-you?o=B-77123")).toEqual([
      order({
        info: {
          tradingId: "B-77123",
          shop: { name: "Example Books", origin: "https://www.example-books.com" },
          orderDate: "2026-03-14T16:30:00.000Z",
          items: [
            item("The Art of Tea", "978-0-00-000000-2", 1, money(2450, "USD")),
            // No priceCurrency on the offer: the order's currency.
            item("Bookmark", null, 2, money(500, "USD")),
          ],
          total: money(3450, "USD"),
          // The ViewAction is a page for people, not a status endpoint.
          endpoints: { shop: "https://api.example-books.com/tradewatch/status", payment: null, delivery: null },
          commands: null,
          adapter: "schema-org-json-ld",
          protocol: "tradewatch",
          pageUrl: "https://www.example-books.com/checkout/thank-you?o=B-77123",
          capturedAt: NOW,
        },
        paymentDueAt: null,
        expectedDeliveryAt: null,
      }),
    ]);
  });

  it("reads an Order inside @graph (numeric order number and sku, date-only orderDate, string quantity)", () => {
    expect(capturePage("graph-form.html", "https://tea.example.org/checkout/complete")).toEqual([
      order({
        info: {
          tradingId: "4711",
          shop: { name: "Tea Garden", origin: "https://tea.example.org" },
          // A day before today: noon of that day in the user's time zone (UTC here).
          orderDate: "2026-05-01T12:00:00.000Z",
          items: [item("Sencha, 100 g", "88001", 2, money(920, "EUR"))],
          total: money(1840, "EUR"),
          endpoints: { shop: "https://tea.example.org/api/tradewatch/status", payment: null, delivery: null },
          commands: null,
          adapter: "schema-org-json-ld",
          protocol: "tradewatch",
          pageUrl: "https://tea.example.org/checkout/complete",
          capturedAt: NOW,
        },
        paymentDueAt: null,
        expectedDeliveryAt: null,
      }),
    ]);
  });

  it("reads an Order from a top-level array (expected arrival with an offset)", () => {
    expect(capturePage("top-level-array.html", "https://shop.example.net/account/orders/SN-0042")).toEqual([
      order({
        info: {
          tradingId: "SN-0042",
          shop: { name: "Shop North", origin: "https://shop.example.net" },
          orderDate: "2026-02-10T08:15:00.000Z",
          items: [item("Wool socks", "SOCK-W-42", 1, money(1200, "SEK"))],
          total: money(1200, "SEK"),
          endpoints: { shop: null, payment: null, delivery: "https://carrier.example.com/api/status" },
          commands: null,
          adapter: "schema-org-json-ld",
          protocol: "tradewatch",
          pageUrl: "https://shop.example.net/account/orders/SN-0042",
          capturedAt: NOW,
        },
        paymentDueAt: null,
        expectedDeliveryAt: "2026-02-14T17:00:00.000Z",
      }),
    ]);
  });

  it("reads merchant instead of seller, an @vocab context and the Order's totalPaymentDue", () => {
    expect(capturePage("merchant.html", "https://bolt-hardware.example/order/confirmed")).toEqual([
      order({
        info: {
          tradingId: "BH-2026-0310",
          shop: { name: "Bolt Hardware", origin: "https://bolt-hardware.example" },
          orderDate: "2026-03-10T14:02:11.500Z",
          items: [
            item("Hex bolts M8, box of 50", "HB-M8-50", 2, money(1290, "EUR")),
            // itemOffered as a plain string names the item.
            item("Shipping", null, 1, money(600, "EUR")),
          ],
          total: money(3180, "EUR"),
          endpoints: NO_ENDPOINTS,
          commands: null,
          adapter: "schema-org-json-ld",
          protocol: "tradewatch",
          pageUrl: "https://bolt-hardware.example/order/confirmed",
          capturedAt: NOW,
        },
        paymentDueAt: null,
        expectedDeliveryAt: null,
      }),
    ]);
  });

  it("reads orderedItem / orderQuantity with prices from the Product's offers", () => {
    expect(capturePage("ordered-item.html", "https://paper-ink.example.co.uk/checkout/done")).toEqual([
      order({
        info: {
          tradingId: "PI-88",
          shop: { name: "Paper & Ink", origin: "https://paper-ink.example.co.uk" },
          orderDate: "2026-06-30T15:45:00.000Z",
          items: [item("A5 dotted notebook", "NB-A5-DOT", 2, money(1200, "GBP")), item("Gift wrap", null, 1, null)],
          total: money(2650, "GBP"),
          endpoints: NO_ENDPOINTS,
          commands: null,
          adapter: "schema-org-json-ld",
          protocol: "tradewatch",
          pageUrl: "https://paper-ink.example.co.uk/checkout/done",
          capturedAt: NOW,
        },
        paymentDueAt: null,
        expectedDeliveryAt: null,
      }),
    ]);
  });

  it("reads the total from the invoice's totalPaymentDue (date-only due date, a delivery window's start alone)", () => {
    expect(capturePage("invoice-total.html", "https://velo.example.ch/bestellung/VZ-5531")).toEqual([
      order({
        info: {
          tradingId: "VZ-5531",
          shop: { name: "Velo Zürich", origin: "https://velo.example.ch" },
          orderDate: "2026-11-20T10:00:00.000Z",
          items: [item("Bike light set", "LGT-SET-2", 1, money(14900, "CHF"))],
          total: money(14900, "CHF"),
          endpoints: { shop: null, payment: "https://pay.example.ch/api/status", delivery: null },
          commands: null,
          adapter: "schema-org-json-ld",
          protocol: "tradewatch",
          pageUrl: "https://velo.example.ch/bestellung/VZ-5531",
          capturedAt: NOW,
        },
        // Due on a day: overdue once that day is over. Arriving from a day: no deadline.
        paymentDueAt: "2026-12-01T23:59:59.999Z",
        expectedDeliveryAt: null,
      }),
    ]);
  });

  it("reads a MonetaryAmount total and JSON-number prices", () => {
    expect(capturePage("monetary-amount.html", "https://plant-corner.example/thanks")).toEqual([
      order({
        info: {
          tradingId: "PC-310",
          shop: { name: "Plant Corner", origin: "https://plant-corner.example" },
          orderDate: "2026-04-04T12:00:00.000Z",
          items: [item("Monstera, 30 cm pot", "PL-MON-30", 1, money(3500, "EUR")), item("Potting soil, 10 l", "SOIL-10", 1, money(750, "EUR"))],
          total: money(4250, "EUR"),
          endpoints: NO_ENDPOINTS,
          commands: null,
          adapter: "schema-org-json-ld",
          protocol: "tradewatch",
          pageUrl: "https://plant-corner.example/thanks",
          capturedAt: NOW,
        },
        paymentDueAt: null,
        expectedDeliveryAt: null,
      }),
    ]);
  });

  it("reads a JPY order (no minor digits)", () => {
    expect(capturePage("jpy-order.html", "https://kyoto-matcha.example.jp/order/complete")).toEqual([
      order({
        info: {
          tradingId: "KM-000123",
          shop: { name: "Kyoto Matcha", origin: "https://kyoto-matcha.example.jp" },
          orderDate: "2026-09-01T00:00:00.000Z",
          items: [item("抹茶 30g", "MATCHA-30", 2, money(1990, "JPY"))],
          total: money(3980, "JPY"),
          endpoints: { shop: "https://kyoto-matcha.example.jp/api/status", payment: null, delivery: null },
          commands: null,
          adapter: "schema-org-json-ld",
          protocol: "tradewatch",
          pageUrl: "https://kyoto-matcha.example.jp/order/complete",
          capturedAt: NOW,
        },
        paymentDueAt: null,
        expectedDeliveryAt: null,
      }),
    ]);
  });

  it("tracks an order without TrackAction endpoints from captured data alone", () => {
    expect(capturePage("no-endpoints.html", "https://deli.example/thanks")).toEqual([
      order({
        info: {
          tradingId: "CD-19",
          shop: { name: "Corner Deli", origin: "https://deli.example" },
          orderDate: "2026-07-07T07:07:07.000Z",
          items: [item("Olive oil, 0.5 l", null, 1, money(890, "EUR"))],
          total: money(890, "EUR"),
          endpoints: NO_ENDPOINTS,
          commands: null,
          adapter: "schema-org-json-ld",
          protocol: "tradewatch",
          pageUrl: "https://deli.example/thanks",
          capturedAt: NOW,
        },
        paymentDueAt: null,
        expectedDeliveryAt: null,
      }),
    ]);
  });

  it("resolves relative endpoint URLs against the page", () => {
    const [outcome] = capturePage("relative-endpoints.html", "https://shop.example.com/orders/77/confirmation");
    expect(outcome?.kind === "order" && outcome.order.info.endpoints).toEqual({
      shop: "https://shop.example.com/api/status",
      payment: "https://shop.example.com/orders/77/payment/status",
      delivery: "https://carrier.example.com/api/status",
    });
  });

  it("refuses private-network endpoints announced by a public page but keeps the order", () => {
    const outcomes = capturePage("private-endpoints-on-public-page.html", "https://sneaky.example/order/SS-1");
    expect(outcomes).toEqual([
      order({
        info: {
          tradingId: "SS-1",
          shop: { name: "Sneaky Shop", origin: "https://sneaky.example" },
          orderDate: "2026-10-10T10:10:10.000Z",
          items: [item("Sticker", "STK", 1, money(100, "EUR"))],
          total: money(100, "EUR"),
          endpoints: NO_ENDPOINTS,
          commands: null,
          adapter: "schema-org-json-ld",
          protocol: "tradewatch",
          pageUrl: "https://sneaky.example/order/SS-1",
          capturedAt: NOW,
        },
        paymentDueAt: null,
        expectedDeliveryAt: null,
      }),
    ]);
  });

  it("reads a command announcement: relative EntryPoint target, unknown and repeated names dropped, in protocol order", () => {
    const [outcome] = capturePage("commands-announced.html", "https://harbour-coffee.example/orders/HC-3141");
    expect(outcome?.kind === "order" && outcome.order.info.commands).toEqual({
      url: "https://harbour-coffee.example/api/tradewatch/commands",
      supports: ["confirm", "return", "reorder"],
    });
  });

  it("keeps hostile orders but not their command announcements", () => {
    const outcomes = capturePage("commands-hostile.html", "https://crooked.example/orders");
    expect(outcomes.map((outcome) => outcome.kind === "order" && [outcome.order.info.tradingId, outcome.order.info.commands])).toEqual([
      // A private-network target on a public page.
      ["CM-1", null],
      // No command name this version knows (names are case-sensitive).
      ["CM-2", null],
      // A target that is not a URL.
      ["CM-3", null],
      // A target carrying credentials.
      ["CM-4", null],
      // The action's name is not the protocol's (a list is not the name).
      ["CM-5", null],
      // A target that is not http(s), and commands that are not a list of names.
      ["CM-6", null],
    ]);
  });

  it("returns one outcome per Order when a page has two", () => {
    const outcomes = capturePage("two-orders.html", "https://market-hall.example/orders");
    expect(outcomes.map((outcome) => outcome.kind === "order" && [outcome.order.info.tradingId, outcome.order.info.total])).toEqual([
      ["MH-1001", money(450, "EUR")],
      ["MH-1002", money(900, "EUR")],
    ]);
  });

  it("returns the same Order only once", () => {
    const outcomes = capturePage("duplicate-order.html", "https://twice.example/order/DUP-7");
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]?.kind === "order" && outcomes[0].order.info.items).toEqual([item("Postcard", "PC-1", 2, money(150, "EUR"))]);
  });

  it.each([
    ["missing-total.html", "Order TW-2001 has no total"],
    ["bad-currency.html", 'Order TW-2002: total currency "EURO" is not an ISO 4217 code'],
    ["three-decimal-eur.html", "Order TW-2003: total has 3 decimals, EUR allows 2"],
    ["negative-quantity.html", "Order TW-2004: item 2 quantity -1 is not a whole number from 1 to 1,000,000"],
    ["zero-items.html", "Order TW-2005 has no items"],
    ["invalid-date.html", 'Order TW-2006: order date "22/11/2026" is not a date'],
    ["mixed-currencies.html", "Order TW-2007: mixed currencies (total in EUR, item 2 in USD)"],
    ["malformed-json.html", "Order TW-2008: the page's JSON-LD is not valid JSON"],
  ])("explains why %s cannot be tracked", (fixture, reason) => {
    expect(capturePage(fixture, "https://broken.example/order")).toEqual([invalid(reason)]);
  });

  it.each(["product-page.html", "organization-only.html", "no-json-ld.html"])("finds no order on %s", (fixture) => {
    expect(capturePage(fixture, "https://shop.example.com/")).toEqual([]);
  });
});

/** A minimal valid Order; tests override one thing at a time. */
function orderDoc(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    "@context": "https://schema.org",
    "@type": "Order",
    orderNumber: "T-1",
    orderDate: "2026-11-22T10:00:00Z",
    seller: { "@type": "Organization", name: "Test Shop" },
    price: "10.00",
    priceCurrency: "EUR",
    acceptedOffer: { "@type": "Offer", itemOffered: { "@type": "Product", name: "Tea", sku: "T" }, price: "5.00", priceCurrency: "EUR", eligibleQuantity: 2 },
    ...overrides,
  };
}

const PAGE = { url: "https://shop.example.com/orders/T-1" };

function read(...docs: unknown[]): CaptureOutcome[] {
  return readOrders(docs.map((doc) => JSON.stringify(doc)), PAGE, NOW, "UTC");
}

function readOne(doc: unknown): CapturedOrder | string {
  const outcomes = read(doc);
  expect(outcomes).toHaveLength(1);
  const [outcome] = outcomes;
  return outcome?.kind === "order" ? outcome.order : (outcome?.reason ?? "no outcome");
}

function infoOf(doc: unknown) {
  const result = readOne(doc);
  if (typeof result === "string") throw new Error(`expected an order, got: ${result}`);
  return result.info;
}

function reasonOf(doc: unknown): string {
  const result = readOne(doc);
  if (typeof result !== "string") throw new Error(`expected a reason, got order ${result.info.tradingId}`);
  return result;
}

function offer(fields: Record<string, unknown>): Record<string, unknown> {
  return { "@type": "Offer", itemOffered: { "@type": "Product", name: "Tea", sku: "T" }, price: "5.00", priceCurrency: "EUR", ...fields };
}

describe("finding Orders", () => {
  it.each([
    ["schema:Order", { "@type": "schema:Order" }],
    ["https type IRI", { "@type": "https://schema.org/Order" }],
    ["http type IRI", { "@type": "http://schema.org/Order" }],
    ["a type list", { "@type": ["Thing", "Order"] }],
    ["context with a trailing slash", { "@context": "https://schema.org/" }],
    ["http context", { "@context": "http://schema.org" }],
    ["context list", { "@context": [{ "@language": "en" }, "https://schema.org"] }],
    ["@vocab context", { "@context": { "@vocab": "http://schema.org/" } }],
    ["@vocab in a context list", { "@context": [{ "@vocab": "https://schema.org/" }] }],
  ])("accepts %s", (_, overrides) => {
    expect(infoOf(orderDoc(overrides)).tradingId).toBe("T-1");
  });

  it.each([
    ["no context", { "@context": undefined }],
    ["another vocabulary", { "@context": "https://example.com/vocab" }],
    ["another type", { "@type": "OrderAction" }],
    ["a lowercase type", { "@type": "order" }],
    ["no type", { "@type": undefined }],
  ])("ignores %s", (_, overrides) => {
    expect(read(orderDoc(overrides))).toEqual([]);
  });

  it("lets @graph nodes inherit the document's context, or override it", () => {
    const { "@context": _context, ...node } = orderDoc();
    expect(read({ "@context": "https://schema.org", "@graph": [{ "@type": "WebPage" }, node] })).toHaveLength(1);
    expect(read({ "@context": "https://schema.org", "@graph": [{ ...node, "@context": "https://example.com/vocab" }] })).toEqual([]);
    expect(read({ "@graph": [node] })).toEqual([]);
  });

  it("looks for Orders only a few levels deep", () => {
    const nest = (value: unknown, levels: number): unknown => (levels === 0 ? value : nest([value], levels - 1));
    expect(read(nest(orderDoc(), 3))).toHaveLength(1);
    expect(read(nest(orderDoc(), 50))).toEqual([]);
  });

  it("reads at most 50 Orders from one page", () => {
    const graph = Array.from({ length: 60 }, (_, index) => orderDoc({ orderNumber: `T-${index}` }));
    const outcomes = read(graph);
    expect(outcomes).toHaveLength(50);
    expect(outcomes.at(-1)?.kind === "order" && outcomes.at(-1)).toMatchObject({ order: { info: { tradingId: "T-49" } } });
  });

  it("keeps the first valid reading of an order number, in the place of its first appearance", () => {
    const outcomes = read(
      orderDoc({ orderNumber: "T-1", price: undefined }),
      orderDoc({ orderNumber: "T-2" }),
      orderDoc({ orderNumber: " T-1 ", seller: "Second" }),
      orderDoc({ orderNumber: "T-1", seller: "Third" }),
    );
    expect(outcomes.map((outcome) => (outcome.kind === "order" ? outcome.order.info.shop.name : outcome.reason))).toEqual(["Second", "Test Shop"]);
  });

  it("reports a repeated broken Order once", () => {
    expect(read(orderDoc({ price: undefined }), orderDoc({ price: undefined, seller: "Other" }))).toEqual([invalid("Order T-1 has no total")]);
  });

  it("merges an unreadable block with a readable copy of the same order", () => {
    const text = JSON.stringify(orderDoc());
    expect(readOrders([`${text.slice(0, -1)},}`, text], PAGE, NOW, "UTC")).toMatchObject([{ kind: "order" }]);
  });

  it("says nothing about unreadable blocks that do not declare an Order", () => {
    expect(readOrders(['{"@type": "Product", "description": "Order now",}'], PAGE, NOW, "UTC")).toEqual([]);
    expect(readOrders(['{"@type": ["Thing", "Order"], "orderNumber": 12,'], PAGE, NOW, "UTC")).toEqual([invalid("Order 12: the page's JSON-LD is not valid JSON")]);
    expect(readOrders(['{"@type": "Order"'], PAGE, NOW, "UTC")).toEqual([invalid("An Order on this page is not valid JSON")]);
  });
});

describe("a checkout page's pending Order", () => {
  const pending = (orderStatus: unknown) => orderDoc({ orderNumber: undefined, orderDate: undefined, orderStatus });

  it.each([
    ["https://schema.org/OrderPaymentDue"],
    ["http://schema.org/OrderPaymentDue"],
    ["OrderPaymentDue"],
    ["schema:OrderPaymentDue"],
    [" https://schema.org/OrderPaymentDue "],
    [["https://schema.org/OrderPaymentDue"]],
  ])("is not an order yet (orderStatus %j), and not a broken one either", (orderStatus) => {
    expect(read(pending(orderStatus))).toEqual([]);
  });

  it("is still a broken order without an order number in any other status", () => {
    expect(read(pending("https://schema.org/OrderProcessing"))).toEqual([invalid("An Order on this page has no order number")]);
    expect(read(pending(undefined))).toEqual([invalid("An Order on this page has no order number")]);
    expect(read(pending("https://example.com/OrderPaymentDue"))).toEqual([invalid("An Order on this page has no order number")]);
  });

  it("with an order number is a confirmation of an order not paid yet", () => {
    expect(infoOf(orderDoc({ orderStatus: "https://schema.org/OrderPaymentDue" })).tradingId).toBe("T-1");
  });

  it("does not hide a confirmed Order beside it", () => {
    expect(read(pending("OrderPaymentDue"), orderDoc())).toMatchObject([{ kind: "order", order: { info: { tradingId: "T-1" } } }]);
  });
});

describe("reading an Order", () => {
  it("takes the origin and page address from the page, never from page data", () => {
    const info = infoOf(orderDoc({ url: "https://bank.example/", seller: { name: "Bank", url: "https://bank.example/" } }));
    expect(info.shop).toEqual({ name: "Bank", origin: "https://shop.example.com" });
    expect(readOrders([JSON.stringify(orderDoc())], { url: "https://shop.example.com:8443/done?x=1#top" }, NOW, "UTC")).toMatchObject([
      { order: { info: { shop: { origin: "https://shop.example.com:8443" }, pageUrl: "https://shop.example.com:8443/done?x=1" } } },
    ]);
  });

  it("finds nothing on pages that are not http(s)", () => {
    const block = JSON.stringify(orderDoc());
    expect(readOrders([block], { url: "file:///home/me/order.html" }, NOW, "UTC")).toEqual([]);
    expect(readOrders([block], { url: "not a url" }, NOW, "UTC")).toEqual([]);
  });

  it("names the shop from seller or merchant, else from the page's host", () => {
    expect(infoOf(orderDoc({ seller: "  Plain Name  " })).shop.name).toBe("Plain Name");
    expect(infoOf(orderDoc({ seller: undefined, merchant: { name: "Merchant" } })).shop.name).toBe("Merchant");
    expect(infoOf(orderDoc({ seller: [{ name: "First" }, { name: "Second" }] })).shop.name).toBe("First");
    expect(infoOf(orderDoc({ seller: undefined })).shop.name).toBe("shop.example.com");
    expect(infoOf(orderDoc({ seller: { "@id": "#org" } })).shop.name).toBe("shop.example.com");
    expect(infoOf(orderDoc({ seller: { name: "x".repeat(501) } })).shop.name).toBe("shop.example.com");
  });

  it("reads the order number as trimmed text", () => {
    expect(infoOf(orderDoc({ orderNumber: "  TW-9  " })).tradingId).toBe("TW-9");
    expect(infoOf(orderDoc({ orderNumber: 100001 })).tradingId).toBe("100001");
    expect(infoOf(orderDoc({ orderNumber: "x".repeat(200) })).tradingId).toHaveLength(200);
  });

  it.each([
    [undefined, "An Order on this page has no order number"],
    ["   ", "An Order on this page has an empty order number"],
    ["x".repeat(201), "An Order on this page has an order number longer than 200 characters"],
    [{ value: "T-1" }, "An Order on this page has an order number that is not text"],
  ])("refuses order number %j", (orderNumber, reason) => {
    expect(reasonOf(orderDoc({ orderNumber }))).toBe(reason);
  });

  it.each([
    // Today (in the user's time zone, UTC here): the capture time.
    ["2026-11-22", NOW],
    ["2026-11-22T10:00:00.000Z", "2026-11-22T10:00:00.000Z"],
    ["2026-11-22T12:30:00+02:00", "2026-11-22T10:30:00.000Z"],
    // ISO 8601 lets a time with an offset end at the minute.
    ["2026-11-22T10:00+01:00", "2026-11-22T09:00:00.000Z"],
    ["2026-11-22T10:00Z", "2026-11-22T10:00:00.000Z"],
    ["2026-11-22T01:00:00-05:00", "2026-11-22T06:00:00.000Z"],
    // No offset: read as UTC so the result does not depend on the machine's time zone.
    ["2026-11-22T10:00:00", "2026-11-22T10:00:00.000Z"],
    ["2026-11-22T10:00", "2026-11-22T10:00:00.000Z"],
  ])("normalises order date %s", (orderDate, iso) => {
    expect(infoOf(orderDoc({ orderDate })).orderDate).toBe(iso);
  });

  it.each([
    [undefined, "Order T-1 has no order date"],
    [20261122, "Order T-1: order date is not text"],
    ["2026-02-30", 'Order T-1: order date "2026-02-30" is not a date'],
    ["next Tuesday", 'Order T-1: order date "next Tuesday" is not a date'],
    ["2026-11-22T25:00:00Z", 'Order T-1: order date "2026-11-22T25:00:00Z" is not a date'],
  ])("refuses order date %j", (orderDate, reason) => {
    expect(reasonOf(orderDoc({ orderDate }))).toBe(reason);
  });

  it("keeps the order when announced dates are missing or invalid; a delivery window's start alone is no deadline", () => {
    const captured = readOne(
      orderDoc({
        partOfInvoice: { "@type": "Invoice", paymentDueDate: "soon" },
        orderDelivery: { "@type": "ParcelDelivery", expectedArrivalUntil: 7, expectedArrivalFrom: "2026-11-24" },
      }),
    );
    expect(captured).toMatchObject({ paymentDueAt: null, expectedDeliveryAt: null });
    expect(readOne(orderDoc({ orderDelivery: { expectedArrivalUntil: "nope" } }))).toMatchObject({ expectedDeliveryAt: null });
  });

  describe("calendar days, in the user's time zone", () => {
    const ZONE = "America/New_York";
    const inZone = (doc: unknown, now = NOW) => {
      const [outcome] = readOrders([JSON.stringify(doc)], PAGE, now, ZONE);
      if (outcome?.kind !== "order") throw new Error(JSON.stringify(outcome));
      return outcome.order;
    };

    it("dates an order placed today at the capture time, on an earlier day at noon there", () => {
      // 22:00 on 1 December in New York is 03:00 on the 2nd in UTC.
      expect(inZone(orderDoc({ orderDate: "2026-12-01" }), "2026-12-02T03:00:00.000Z").info.orderDate).toBe("2026-12-02T03:00:00.000Z");
      expect(inZone(orderDoc({ orderDate: "2026-11-20" })).info.orderDate).toBe("2026-11-20T17:00:00.000Z");
      // Midnight UTC of the 22nd would be the evening of the 21st in New York.
      expect(inZone(orderDoc({ orderDate: "2026-11-22" }), "2026-11-22T10:05:00.000Z").info.orderDate).toBe("2026-11-22T10:05:00.000Z");
    });

    it("makes a due day overdue only once that day is over there, and takes a delivery window's end", () => {
      const order = inZone(
        orderDoc({
          partOfInvoice: { "@type": "Invoice", paymentDueDate: "2026-11-27" },
          orderDelivery: { "@type": "ParcelDelivery", expectedArrivalFrom: "2026-11-23", expectedArrivalUntil: "2026-11-25" },
        }),
      );
      expect(order).toMatchObject({ paymentDueAt: "2026-11-28T04:59:59.999Z", expectedDeliveryAt: "2026-11-26T04:59:59.999Z" });
    });

    it("keeps instants as they are and reads a zone Intl does not know as UTC", () => {
      expect(inZone(orderDoc({ orderDate: "2026-11-20T10:00:00Z", partOfInvoice: { paymentDueDate: "2026-11-27T09:00:00Z" } }))).toMatchObject({
        info: { orderDate: "2026-11-20T10:00:00.000Z" },
        paymentDueAt: "2026-11-27T09:00:00.000Z",
      });
      const [outcome] = readOrders([JSON.stringify(orderDoc({ partOfInvoice: { paymentDueDate: "2026-11-27" } }))], PAGE, NOW, "Not/A_Zone");
      expect(outcome).toMatchObject({ kind: "order", order: { paymentDueAt: "2026-11-27T23:59:59.999Z" } });
    });
  });

  it("takes the total from the Order's price first, then its totalPaymentDue, then the invoice's", () => {
    const invoice = { totalPaymentDue: { price: "30.00", priceCurrency: "EUR" } };
    const due = { "@type": "PriceSpecification", price: "20.00", priceCurrency: "EUR" };
    expect(infoOf(orderDoc({ totalPaymentDue: due, partOfInvoice: invoice })).total).toEqual(money(1000, "EUR"));
    expect(infoOf(orderDoc({ price: undefined, totalPaymentDue: due, partOfInvoice: invoice })).total).toEqual(money(2000, "EUR"));
    expect(infoOf(orderDoc({ price: undefined, partOfInvoice: invoice })).total).toEqual(money(3000, "EUR"));
  });

  it.each([
    [{ price: 19.99 }, money(1999, "EUR")],
    [{ price: 20 }, money(2000, "EUR")],
    [{ price: " 19.90 " }, money(1990, "EUR")],
    [{ price: "19.900" }, money(1990, "EUR")],
    [{ price: "0" }, money(0, "EUR")],
    [{ priceCurrency: " eur " }, money(1000, "EUR")],
    [{ price: "1.234", priceCurrency: "BHD" }, money(1234, "BHD")],
  ])("reads total %j", (overrides, total) => {
    const items = { acceptedOffer: offer({ priceCurrency: undefined }) };
    expect(infoOf(orderDoc({ ...items, ...overrides })).total).toEqual(total);
  });

  it.each([
    [{ priceCurrency: undefined }, "Order T-1: total has no currency"],
    [{ priceCurrency: "€" }, 'Order T-1: total currency "€" is not an ISO 4217 code'],
    [{ priceCurrency: 978 }, "Order T-1: total currency 978 is not text"],
    [{ price: "12,50" }, 'Order T-1: total "12,50" is not an amount'],
    [{ price: "1e3" }, 'Order T-1: total "1e3" is not an amount'],
    [{ price: 1e21 }, 'Order T-1: total "1e+21" is not an amount'],
    [{ price: "99999999999999999999" }, 'Order T-1: total "99999999999999999999" is not an amount'],
    [{ price: "9".repeat(40) }, `Order T-1: total "${"9".repeat(40)}" is not an amount`],
    [{ price: "-5.00" }, 'Order T-1: total "-5.00" is negative'],
    [{ price: { value: 10 } }, "Order T-1: total {…} is not an amount"],
    [{ price: "10.5", priceCurrency: "JPY" }, "Order T-1: total has 1 decimal, JPY allows 0"],
    [{ price: undefined, totalPaymentDue: "10.00 EUR" }, "Order T-1: total is not a price"],
    [{ price: undefined, totalPaymentDue: { priceCurrency: "EUR" } }, "Order T-1: total has no amount"],
  ])("refuses total %j", (overrides, reason) => {
    expect(reasonOf(orderDoc(overrides))).toBe(reason);
  });

  it("reads items from acceptedOffer", () => {
    const info = infoOf(
      orderDoc({
        acceptedOffer: [
          offer({ itemOffered: { name: "  Green tea  ", sku: "  TEA-G  " }, eligibleQuantity: { "@type": "QuantitativeValue", value: 3 } }),
          offer({ itemOffered: "Gift card", price: undefined, eligibleQuantity: "2" }),
          offer({ itemOffered: { name: "Cup", sku: "" }, eligibleQuantity: 1_000_000 }),
          offer({ itemOffered: [{ name: "Saucer", sku: 7 }] }),
        ],
      }),
    );
    expect(info.items).toEqual([
      item("Green tea", "TEA-G", 3, money(500, "EUR")),
      item("Gift card", null, 2, null),
      item("Cup", null, 1_000_000, money(500, "EUR")),
      item("Saucer", "7", 1, money(500, "EUR")),
    ]);
  });

  it("reads items from orderedItem, including bare Products", () => {
    const info = infoOf(
      orderDoc({
        acceptedOffer: undefined,
        orderedItem: [
          { "@type": "OrderItem", orderQuantity: 4, orderedItem: { "@type": "Product", name: "Tea", offers: [{ price: "2.50", priceCurrency: "EUR" }] } },
          { "@type": "Product", name: "Pot", sku: "POT" },
          "Spoon",
        ],
      }),
    );
    expect(info.items).toEqual([item("Tea", null, 4, money(250, "EUR")), item("Pot", "POT", 1, null), item("Spoon", null, 1, null)]);
  });

  it("prefers acceptedOffer over orderedItem", () => {
    const info = infoOf(orderDoc({ orderedItem: { orderedItem: { name: "Other" } } }));
    expect(info.items.map((entry) => entry.name)).toEqual(["Tea"]);
  });

  it.each([
    [{ acceptedOffer: undefined }, "Order T-1 has no items"],
    [{ acceptedOffer: "Tea" }, "Order T-1: item 1 has no name"],
    [{ acceptedOffer: [offer({}), offer({ itemOffered: { name: "   " } })] }, "Order T-1: item 2 has no name"],
    [{ acceptedOffer: offer({ itemOffered: { name: 42 } }) }, "Order T-1: item 1 name is not text"],
    [{ acceptedOffer: offer({ itemOffered: { name: "x".repeat(501) } }) }, "Order T-1: item 1 name is longer than 500 characters"],
    [{ acceptedOffer: offer({ itemOffered: { name: "Tea", sku: "s".repeat(201) } }) }, "Order T-1: item 1 sku is longer than 200 characters"],
    [{ acceptedOffer: offer({ itemOffered: { name: "Tea", sku: ["a"] } }) }, "Order T-1: item 1 sku is not text"],
    [{ acceptedOffer: offer({ eligibleQuantity: 0 }) }, "Order T-1: item 1 quantity 0 is not a whole number from 1 to 1,000,000"],
    [{ acceptedOffer: offer({ eligibleQuantity: 2.5 }) }, "Order T-1: item 1 quantity 2.5 is not a whole number from 1 to 1,000,000"],
    [{ acceptedOffer: offer({ eligibleQuantity: 1_000_001 }) }, "Order T-1: item 1 quantity 1000001 is not a whole number from 1 to 1,000,000"],
    [{ acceptedOffer: offer({ eligibleQuantity: { value: "two" } }) }, 'Order T-1: item 1 quantity "two" is not a whole number from 1 to 1,000,000'],
    [{ acceptedOffer: offer({ price: "4.999" }) }, "Order T-1: item 1 price has 3 decimals, EUR allows 2"],
    [{ acceptedOffer: offer({ price: "-1.00" }) }, 'Order T-1: item 1 price "-1.00" is negative'],
    [{ acceptedOffer: offer({ priceCurrency: "XYZ1" }) }, 'Order T-1: item 1 price currency "XYZ1" is not an ISO 4217 code'],
    [{ acceptedOffer: offer({ priceCurrency: "USD" }) }, "Order T-1: mixed currencies (total in EUR, item 1 in USD)"],
    [{ acceptedOffer: Array.from({ length: 1001 }, () => offer({})) }, "Order T-1 has more than 1,000 items"],
  ])("refuses items %#", (overrides, reason) => {
    expect(reasonOf(orderDoc(overrides))).toBe(reason);
  });

  it("reads endpoints from TrackActions only, taking the first one the policy accepts", () => {
    const info = infoOf(
      orderDoc({
        potentialAction: [
          { "@type": "ViewAction", target: "https://shop.example.com/orders/T-1" },
          { "@type": "TrackAction", target: ["http://10.0.0.1/status", { "@type": "EntryPoint", urlTemplate: "https://shop.example.com/api/status" }] },
        ],
        partOfInvoice: { potentialAction: { "@type": "schema:TrackAction", target: { url: "https://pay.example.net/status" } } },
        orderDelivery: { potentialAction: [{ target: "https://untyped.example/status" }, { "@type": "TrackAction", target: "ftp://carrier.example/status" }] },
      }),
    );
    expect(info.endpoints).toEqual({ shop: "https://shop.example.com/api/status", payment: "https://pay.example.net/status", delivery: null });
  });

  describe("the command announcement", () => {
    const commandsAction = (fields: Record<string, unknown>) => ({
      "@type": "Action",
      name: "TradeWatch commands",
      target: "https://shop.example.com/api/commands",
      tradewatchCommands: ["confirm", "cancel"],
      ...fields,
    });
    const commandsOf = (potentialAction: unknown) => infoOf(orderDoc({ potentialAction })).commands;

    it("reads the target and the commands, next to the TrackAction", () => {
      const info = infoOf(
        orderDoc({ potentialAction: [{ "@type": "TrackAction", target: "https://shop.example.com/api/status" }, commandsAction({})] }),
      );
      expect(info.endpoints.shop).toBe("https://shop.example.com/api/status");
      expect(info.commands).toEqual({ url: "https://shop.example.com/api/commands", supports: ["confirm", "cancel"] });
    });

    it("takes a single command name as a list of one (JSON-LD allows either)", () => {
      expect(commandsOf(commandsAction({ tradewatchCommands: "reorder" }))).toEqual({
        url: "https://shop.example.com/api/commands",
        supports: ["reorder"],
      });
    });

    it("orders the commands as the protocol lists them and drops repeats", () => {
      expect(commandsOf(commandsAction({ tradewatchCommands: ["reorder", "abort", "commit", "prepare", "abort", "confirm"] }))?.supports).toEqual([
        "confirm",
        "prepare",
        "commit",
        "abort",
        "reorder",
      ]);
    });

    it("takes the first announcement that is usable", () => {
      expect(
        commandsOf([
          commandsAction({ target: "http://10.0.0.7/api/commands" }),
          commandsAction({ tradewatchCommands: ["unknown"] }),
          commandsAction({ target: "https://second.example.com/commands", tradewatchCommands: ["cancel"] }),
          commandsAction({ target: "https://third.example.com/commands" }),
        ]),
      ).toEqual({ url: "https://second.example.com/commands", supports: ["cancel"] });
    });

    it.each([
      ["no potentialAction", undefined],
      ["only a TrackAction", { "@type": "TrackAction", target: "https://shop.example.com/api/status" }],
      ["another action's name", commandsAction({ name: "Commands" })],
      ["no name", commandsAction({ name: undefined })],
      ["no target", commandsAction({ target: undefined })],
      ["an empty target (it would be the page itself)", commandsAction({ target: "  " })],
      ["an ftp target", commandsAction({ target: "ftp://shop.example.com/commands" })],
      ["a loopback target on a public page", commandsAction({ target: "http://127.0.0.1:4101/api/commands" })],
      ["no commands", commandsAction({ tradewatchCommands: [] })],
      ["commands missing", commandsAction({ tradewatchCommands: undefined })],
      ["commands as an object", commandsAction({ tradewatchCommands: { confirm: true } })],
      ["commands in another property", commandsAction({ tradewatchCommands: undefined, commands: ["confirm"] })],
      ["commands that are not names", commandsAction({ tradewatchCommands: [1, true, null, ["confirm"], " confirm"] })],
    ])("is null with %s", (_case, potentialAction) => {
      expect(commandsOf(potentialAction)).toBeNull();
    });

    it("is not read from the invoice's or the delivery's actions", () => {
      const info = infoOf(orderDoc({ partOfInvoice: { potentialAction: commandsAction({}) }, orderDelivery: { potentialAction: commandsAction({}) } }));
      expect(info.commands).toBeNull();
    });

    it("never costs the order, whatever the announcement holds", () => {
      const target = fc.oneof(fc.webUrl(), fc.constantFrom("/api/commands", "http://192.168.0.1/c", "https://u:p@x.example/"), fc.jsonValue({ maxDepth: 2 }));
      const name = fc.oneof(fc.constantFrom(...COMMAND_NAMES, "CONFIRM", "refund"), fc.jsonValue({ maxDepth: 1 }));
      const names = fc.oneof(fc.array(name, { maxLength: 10 }), name);
      let announced = 0;
      fc.assert(
        fc.property(target, names, (target, names) => {
          const { commands } = infoOf(orderDoc({ potentialAction: commandsAction({ target, tradewatchCommands: names }) }));
          if (commands === null) return;
          announced += 1;
          const url = new URL(commands.url);
          expect(["http:", "https:"]).toContain(url.protocol);
          expect(url.username + url.password).toBe("");
          expect(commands.supports.length).toBeGreaterThan(0);
          expect(commands.supports).toEqual(COMMAND_NAMES.filter((known) => commands.supports.includes(known)));
        }),
        { seed: 20261122, numRuns: 300 },
      );
      // The generator must reach announcements that are read, or the invariants were never checked.
      expect(announced).toBeGreaterThan(10);
    });
  });

  it("never copies page keys such as __proto__ or constructor", () => {
    const text = `{
      "@context": "https://schema.org", "@type": "Order", "orderNumber": "P-1", "orderDate": "2026-11-22",
      "__proto__": { "polluted": true, "price": "1.00" }, "constructor": { "prototype": { "polluted": true } },
      "price": "5.00", "priceCurrency": "EUR",
      "acceptedOffer": { "__proto__": { "polluted": true }, "itemOffered": { "name": "Tea", "__proto__": { "sku": "EVIL" } }, "price": "5.00" }
    }`;
    const [outcome] = readOrders([text], PAGE, NOW, "UTC");
    expect(outcome).toMatchObject({ kind: "order", order: { info: { items: [item("Tea", null, 1, money(500, "EUR"))] } } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(outcome?.kind === "order" ? outcome.order.info : {})).toEqual([
      "tradingId",
      "shop",
      "orderDate",
      "items",
      "total",
      "endpoints",
      "commands",
      "adapter",
      "protocol",
      "pageUrl",
      "capturedAt",
    ]);
  });
});

describe("readOrders never throws", () => {
  it("on hand-written nasty input", () => {
    const deep = `${"[".repeat(100_000)}"Order"${"]".repeat(100_000)}`;
    const deepObject = `${'{"@context":"https://schema.org","@type":"Order","a":'.repeat(2_000)}1${"}".repeat(2_000)}`;
    const nasty = [
      "",
      "null",
      "[]",
      "1",
      '"Order"',
      "Order",
      "{",
      deep,
      deepObject,
      '{"@context":"https://schema.org","@type":"Order","orderNumber":"X","price":1e400,"priceCurrency":"EUR"}',
      '{"@context":"https://schema.org","@type":"Order","orderNumber":"X","price":"1","priceCurrency":"EUR","acceptedOffer":[null,1,"",[],{}]}',
      '{"@context":{"@vocab":null},"@type":"Order"}',
      '{"@context":"https://schema.org","@graph":{"@graph":{"@graph":null}},"@type":[null,{}]}',
      '{"@context":"https://schema.org","@type":"Order","orderNumber":"X","potentialAction":[null,{"@type":"TrackAction","target":[null,{},{"url":{}}]}]}',
    ];
    for (const block of nasty) {
      expect(() => readOrders([block], PAGE, NOW, "UTC"), block.slice(0, 60)).not.toThrow();
    }
    expect(readOrders(nasty, PAGE, NOW, "UTC").every((outcome) => outcome.kind === "invalid")).toBe(true);
  });

  /** Mostly plausible values, sometimes any JSON at all, so both valid and broken Orders come out. */
  function field<T>(plausible: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
    return fc.oneof({ arbitrary: plausible, weight: 6 }, { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 });
  }
  const currency = fc.constantFrom("EUR", "JPY", "BHD", "usd", "EURO");
  const amount = fc.oneof(fc.nat({ max: 100_000 }), fc.nat({ max: 100_000 }).map((cents) => (cents / 100).toFixed(2)), fc.constantFrom("1.234", "-1", "1e3"));
  const offers = fc.array(
    fc.record(
      {
        "@type": fc.constant("Offer"),
        itemOffered: field(fc.constantFrom("Tea", { name: "Tea", sku: "T" }, { name: " " }, { sku: 1 })),
        price: field(amount),
        priceCurrency: field(currency),
        eligibleQuantity: field(fc.oneof(fc.integer({ min: -1, max: 1_000_001 }), fc.record({ value: fc.integer({ min: 0, max: 5 }) }))),
      },
      { requiredKeys: ["@type"] },
    ),
    { maxLength: 4 },
  );
  const track = fc.record({
    "@type": fc.constantFrom("TrackAction", "ViewAction"),
    target: fc.oneof(fc.webUrl(), fc.constantFrom("/api/status", "http://127.0.0.1:4101/api/status", "https://u:p@x.example/", "javascript:1")),
  });
  const orders = fc.record(
    {
      "@context": fc.constantFrom("https://schema.org", "http://schema.org/", { "@vocab": "https://schema.org/" }),
      "@type": fc.constantFrom("Order", ["Order"], "schema:Order"),
      orderNumber: field(fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.nat())),
      orderDate: field(fc.constantFrom("2026-11-22", "2026-11-22T10:00:00+02:00", "2026-11-22T10:00:00", "2026-02-30", "today")),
      seller: field(fc.constantFrom("Shop", { name: "Shop" })),
      price: field(amount),
      priceCurrency: field(currency),
      acceptedOffer: field(offers),
      orderedItem: field(fc.constantFrom({ orderedItem: { name: "Pot" }, orderQuantity: 2 }, "Spoon")),
      potentialAction: field(track),
      partOfInvoice: field(fc.record({ potentialAction: track, paymentDueDate: fc.constantFrom("2026-12-01", "soon") })),
      orderDelivery: field(fc.record({ potentialAction: track, expectedArrivalUntil: fc.constantFrom("2026-12-01T00:00:00Z", "later") })),
    },
    { requiredKeys: ["@context", "@type"] },
  );

  it("on arbitrary values in an Order's places, and what it captures keeps the ledger's invariants", () => {
    let captured = 0;
    fc.assert(
      fc.property(fc.array(orders, { maxLength: 3 }), fc.webUrl(), (docs, url) => {
        const outcomes = readOrders(docs.map((doc) => JSON.stringify(doc)), { url }, NOW, "UTC");
        for (const outcome of outcomes) {
          if (outcome.kind === "invalid") {
            expect(outcome.reason).toMatch(/^(Order \S|An Order on this page )/);
            continue;
          }
          captured += 1;
          const { info } = outcome.order;
          expect(info.tradingId).toBe(info.tradingId.trim());
          expect(info.tradingId.length).toBeGreaterThan(0);
          expect(new Date(info.orderDate).toISOString()).toBe(info.orderDate);
          expect(Number.isSafeInteger(info.total.minor) && info.total.minor >= 0).toBe(true);
          expect(info.items.length).toBeGreaterThan(0);
          for (const entry of info.items) {
            expect(Number.isInteger(entry.quantity) && entry.quantity >= 1 && entry.quantity <= 1_000_000).toBe(true);
            expect(entry.unitPrice === null || entry.unitPrice.currency === info.total.currency).toBe(true);
          }
          for (const endpoint of Object.values(info.endpoints)) {
            expect(endpoint === null || /^https?:\/\/[^@]*$/.test(endpoint)).toBe(true);
          }
        }
      }),
      { seed: 20261122, numRuns: 300 },
    );
    // The generator must reach valid Orders, or the invariants above were never checked.
    expect(captured).toBeGreaterThan(10);
  });

  it("on arbitrary JSON and arbitrary text", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.json(), fc.string())), fc.string(), (blocks, url) => {
        expect(Array.isArray(readOrders(blocks, { url }, NOW, "UTC"))).toBe(true);
      }),
      { seed: 20261122, numRuns: 300 },
    );
  });
});

describe("readOrders: implausible order dates", () => {
  const order = (orderDate: string) =>
    JSON.stringify({
      "@context": "https://schema.org",
      "@type": "Order",
      orderNumber: "TW-9",
      orderDate,
      price: "1.00",
      priceCurrency: "EUR",
      acceptedOffer: { itemOffered: { name: "Tea" }, price: "1.00" },
    });
  const now = "2026-11-22T10:00:00.000Z";

  it.each([
    ["year 0000", "0000-01-01", "Order TW-9: order date 0000-01-01 is not plausible"],
    ["before web shops", "1980-05-01", "Order TW-9: order date 1980-05-01 is not plausible"],
    ["next week", "2026-11-29T10:00:00Z", "Order TW-9: order date 2026-11-29 is not plausible"],
  ])("refuses an order dated %s", (_case, date, reason) => {
    expect(readOrders([order(date)], { url: "https://shop.example/thanks" }, now, "UTC")).toEqual([{ kind: "invalid", reason }]);
  });

  it("accepts an order dated later today in another time zone", () => {
    const [outcome] = readOrders([order("2026-11-23T08:00:00+09:00")], { url: "https://shop.example/thanks" }, now, "UTC");
    expect(outcome?.kind).toBe("order");
  });
});
