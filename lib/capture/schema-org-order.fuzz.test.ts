import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstProblem, tradeRecordSchema } from "../db/record-schema";
import { FUZZ_TIMEOUT_MS, fuzzParams } from "../db/test-arbitraries";
import { isCurrencyCode } from "../domain/money";
import { COMMAND_NAMES } from "../domain/types";
import { COMMANDS_ACTION_NAME, COMMANDS_SUPPORTED_PROPERTY } from "../protocol/commands";
import { newTrade } from "../domain/trade";
import { readCheckout } from "./checkout-total";
import { isLocalHost } from "./endpoint-policy";
import { readOrders } from "./schema-org-order";

/**
 * Property-based fuzzing of the confirmation-page parsers: JSON-LD shaped like schema.org
 * Orders, with every leaf possibly wrong, nested at random. Whatever the page holds, the
 * parsers never throw, and what they accept is a well-formed order of the page's own shop.
 */

const NOW = "2026-11-22T10:00:00.000Z";

const KEYS = [
  "@context", "@type", "@graph", "@vocab", "orderNumber", "orderDate", "orderStatus", "price", "priceCurrency", "value",
  "currency", "acceptedOffer", "orderedItem", "orderQuantity", "itemOffered", "offers", "eligibleQuantity", "name", "sku",
  "seller", "merchant", "partOfInvoice", "totalPaymentDue", "paymentDueDate", "orderDelivery", "expectedArrivalUntil",
  "expectedArrivalFrom", "potentialAction", "target", "url", "urlTemplate", "tradewatchCommands", "__proto__", "constructor",
  "toString",
] as const;

const leafArb = fc.oneof(
  fc.constantFrom(
    "Order", "schema:Order", "https://schema.org", "http://schema.org/", "TrackAction", "Offer", "Product", "19.99", "-1",
    "0", "1e3", "NaN", "Infinity", "19.999", "EUR", "eur", "JPY", "BHD", "XXX", "2026-11-20T10:00:00Z", "2026-02-30",
    "2026-11-20T10:00:00", "https://status.example/s", "/relative/status", "javascript:alert(1)", "http://127.0.0.1/x",
    "http://user:pw@status.example/", "OrderPaymentDue", "https://schema.org/OrderPaymentDue", "__proto__", "",
    "TradeWatch commands", "confirm", "commit",
  ),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

const { node: jsonArb } = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leafArb,
    fc.array(tie("node"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie("node"), { maxKeys: 6 }),
  ),
}));

/** `valid` most of the time, anything now and then: deep enough into the parser to reach both ends. */
function mostly<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: jsonArb });
}

/** Mostly-valid Orders with random parts, so the fuzzer gets deep into the parser. */
const orderArb = fc
  .record({
    "@context": mostly(fc.constantFrom("https://schema.org", "http://schema.org/")),
    "@type": mostly(fc.constantFrom("Order", "schema:Order", ["Thing", "Order"])),
    orderNumber: mostly(fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.nat())),
    orderDate: mostly(fc.constantFrom("2026-11-20T10:00:00Z", "2026-11-20", "2026-11-20T10:00:00+14:00")),
    price: mostly(fc.constantFrom("39.98", "0", "9007199254740991", "1.5")),
    priceCurrency: mostly(fc.constantFrom("EUR", "JPY", "eur")),
    orderStatus: mostly(fc.constantFrom("https://schema.org/OrderPaymentDue", "OrderProcessing")),
    acceptedOffer: mostly(
      fc.array(
        fc.record({
          itemOffered: mostly(fc.record({ name: mostly(fc.string({ minLength: 1, maxLength: 20 })), sku: mostly(fc.string({ maxLength: 12 })) })),
          price: mostly(fc.constantFrom("19.99", "1")),
          priceCurrency: mostly(fc.constant("EUR")),
          eligibleQuantity: mostly(fc.integer({ min: -1, max: 3 })),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    ),
    potentialAction: mostly(
      fc.tuple(
        fc.record({ "@type": fc.constant("TrackAction"), target: mostly(fc.webUrl()) }),
        fc.record({
          "@type": fc.constant("Action"),
          name: mostly(fc.constant(COMMANDS_ACTION_NAME)),
          target: mostly(fc.webUrl()),
          [COMMANDS_SUPPORTED_PROPERTY]: mostly(fc.array(mostly(fc.constantFrom(...COMMAND_NAMES)), { maxLength: 8 })),
        }),
      ),
    ),
    extra: fc.dictionary(fc.constantFrom(...KEYS), jsonArb, { maxKeys: 2 }),
    /** A checkout (review) page's Order: no order number yet. */
    checkout: fc.boolean(),
  })
  .map(({ extra, checkout, orderNumber, ...order }) => ({ ...extra, ...order, ...(checkout ? {} : { orderNumber }) }));

const blocksArb = fc.array(
  fc.oneof(
    orderArb.map((order) => JSON.stringify(order)),
    fc.array(orderArb, { maxLength: 3 }).map((orders) => JSON.stringify({ "@context": "https://schema.org", "@graph": orders })),
    jsonArb.map((value) => JSON.stringify(value) ?? "null"),
    fc.string({ unit: "binary", maxLength: 200 }),
    orderArb.map((order) => JSON.stringify(order).slice(0, -3)),
  ),
  { maxLength: 4 },
);

const pageArb = fc.oneof(
  fc.webUrl({ validSchemes: ["https", "http"], withFragments: true, withQueryParameters: true }),
  fc.constantFrom("http://127.0.0.1:4101/orders/1", "file:///tmp/order.html", "chrome://settings", "not a url", ""),
);

function expectPrototypesClean() {
  expect(Object.keys(Object.prototype)).toEqual([]);
}

describe("readOrders under fuzzing", () => {
  it("never throws, and every Order it accepts is whole and of the page's own shop", { timeout: FUZZ_TIMEOUT_MS }, () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(blocksArb, pageArb, (blocks, url) => {
        const outcomes = readOrders(blocks, { url }, NOW, "UTC");
        expectPrototypesClean();
        expect(outcomes.length).toBeLessThanOrEqual(50);
        const page = URL.parse(url);
        const ids = new Set<string>();
        for (const outcome of outcomes) {
          if (outcome.kind === "invalid") {
            refused++;
            expect(outcome.reason.length).toBeGreaterThan(0);
            expect(outcome.reason.length).toBeLessThan(400);
            continue;
          }
          accepted++;
          const { info } = outcome.order;
          expect(page).not.toBeNull();
          expect(info.shop.origin).toBe(page?.origin);
          expect(ids.has(info.tradingId)).toBe(false);
          ids.add(info.tradingId);
          expect(isCurrencyCode(info.total.currency)).toBe(true);
          for (const item of info.items) expect(item.unitPrice === null || item.unitPrice.currency === info.total.currency).toBe(true);
          if (info.commands !== null) {
            expect(info.commands.supports.length).toBeGreaterThan(0);
            expect(info.commands.supports).toEqual(COMMAND_NAMES.filter((name) => info.commands?.supports.includes(name)));
          }
          for (const endpoint of [...Object.values(info.endpoints), info.commands?.url ?? null]) {
            if (endpoint === null) continue;
            const target = new URL(endpoint);
            expect(["http:", "https:"]).toContain(target.protocol);
            expect(target.username + target.password).toBe("");
            if (!isLocalHost(page?.hostname ?? "")) expect(isLocalHost(target.hostname)).toBe(false);
          }
          // What capture accepts must make a whole stored record.
          const record = tradeRecordSchema.safeParse(newTrade(outcome.order, NOW));
          expect(record.success ? "whole" : firstProblem(record.error)).toBe("whole");
        }
        expect(readOrders(blocks, { url }, NOW, "UTC")).toEqual(outcomes);
      }),
      fuzzParams(300),
    );
    // The generator must reach both ends of the parser, or the property proves little.
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});

describe("readCheckout under fuzzing", () => {
  it("never throws, and a total it reads is money", { timeout: FUZZ_TIMEOUT_MS }, () => {
    let read = 0;
    fc.assert(
      fc.property(blocksArb, pageArb, (blocks, url) => {
        const checkout = readCheckout(blocks, { url });
        expectPrototypesClean();
        if (checkout === null) return;
        read++;
        expect(Number.isSafeInteger(checkout.total.minor) && checkout.total.minor >= 0).toBe(true);
        expect(isCurrencyCode(checkout.total.currency)).toBe(true);
        expect(typeof checkout.shopName).toBe("string");
      }),
      fuzzParams(300),
    );
    expect(read).toBeGreaterThan(0);
  });
});
