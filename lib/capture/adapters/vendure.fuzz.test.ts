import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FUZZ_TIMEOUT_MS, fuzzParams, HOSTILE_TEXT } from "../../db/test-arbitraries";
import { statusReportSchema } from "../../protocol/status-report";
import { parseVendureAnswer, vendureCapturedOrder, vendureReports } from "./vendure";

/**
 * Property-based fuzzing of the Shop API side of the Vendure adapter: answers shaped like
 * orderByCode's, with states of Vendure's processes, of custom processes and nonsense, and any
 * amounts. Whatever the shop answers, nothing throws, every report is a valid status document,
 * and "refunded" and "delivered" are only said when the order's own figures say so.
 */

const NOW = "2026-11-22T10:00:00.000Z";
const PAGE = new URL("https://tea.example/checkout/confirmation/ABC");

const odd = fc.oneof(fc.constantFrom(...HOSTILE_TEXT), fc.string({ maxLength: 20 }));
/** Mostly what Vendure sends, now and then something else. */
const mostly = <T,>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<unknown> = odd) => fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: other });
const state = (known: string[]) => mostly(fc.constantFrom(...known));
const amount = mostly(fc.integer({ min: 0, max: 100_000 }), fc.constantFrom(-1, 1.5, 2 ** 60, "100"));
const instant = mostly(fc.constantFrom("2026-11-20T09:00:00.000Z", "2026-11-21T09:00:00Z"));
const lineId = fc.constantFrom("1", "2", "3");

const orderArb = fc.record({
  code: mostly(fc.constant("ABC")),
  state: state(["AddingItems", "ArrangingPayment", "PaymentAuthorized", "PaymentSettled", "PartiallyShipped", "Shipped", "PartiallyDelivered", "Delivered", "Modifying", "Cancelled"]),
  orderPlacedAt: fc.oneof(instant, fc.constant(null)),
  currencyCode: fc.constantFrom("USD", "EUR", "JPY", "BHD", "XYZ"),
  totalWithTax: amount,
  lines: fc.array(
    fc.record({
      id: lineId,
      quantity: fc.integer({ min: 0, max: 5 }),
      unitPriceWithTax: amount,
      productVariant: fc.record({ sku: fc.oneof(fc.constant(""), odd), name: mostly(fc.constant("Tea")) }),
    }),
    { maxLength: 3 },
  ),
  payments: fc.oneof(
    fc.constant(null),
    fc.array(
      fc.record({
        state: state(["Created", "Authorized", "Settled", "Declined", "Error", "Cancelled"]),
        amount,
        updatedAt: instant,
        errorMessage: fc.oneof(fc.constant(null), odd),
        refunds: fc.array(fc.record({ state: state(["Pending", "Settled", "Failed"]), total: amount, updatedAt: instant }), { maxLength: 3 }),
      }),
      { maxLength: 3 },
    ),
  ),
  fulfillments: fc.oneof(
    fc.constant(null),
    fc.array(
      fc.record({
        state: state(["Created", "Pending", "Shipped", "Delivered", "Cancelled"]),
        method: fc.oneof(fc.constant("Parcel Post"), odd, fc.constant(null)),
        trackingCode: fc.oneof(fc.constant(null), fc.constant("1Z999AA10123456784"), odd),
        updatedAt: instant,
        lines: fc.array(fc.record({ orderLineId: lineId, quantity: fc.integer({ min: 0, max: 5 }) }), { maxLength: 3 }),
      }),
      { maxLength: 3 },
    ),
  ),
});

describe("the Vendure adapter on any Shop API answer", () => {
  it(
    "never throws, reports only valid status documents, and says refunded or delivered only when the figures do",
    () => {
      fc.assert(
        fc.property(orderArb, (raw) => {
          const answer = parseVendureAnswer({ data: { orderByCode: raw } });
          if (answer.kind !== "order") return;
          const { order } = answer;
          const captured = vendureCapturedOrder(order, PAGE, "https://tea.example/shop-api", NOW);
          if (!("error" in captured)) expect(captured.info.total.currency).toBe(order.currencyCode);
          for (const report of vendureReports(order, NOW)) {
            expect(statusReportSchema.safeParse(report).success).toBe(true);
            if (report.source === "payment" && report.status === "refunded") {
              const refunded = (report.refunds ?? []).reduce((sum, refund) => sum + refund.amount.minor, 0);
              expect(refunded).toBeGreaterThanOrEqual(report.amountCharged?.minor ?? Number.POSITIVE_INFINITY);
            }
            if (report.source === "delivery" && report.status === "delivered") {
              for (const line of order.lines.filter(({ quantity }) => quantity > 0)) {
                const delivered = report.itemsDelivered?.find((item) => item.name === line.productVariant.name)?.quantity ?? 0;
                expect(delivered).toBeGreaterThan(0);
              }
            }
          }
        }),
        fuzzParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it("never throws on an answer that is not one", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        expect(["order", "forbidden", "not-found", "invalid"]).toContain(parseVendureAnswer(json).kind);
        expect(parseVendureAnswer({ data: { orderByCode: json } }).kind).not.toBe("forbidden");
      }),
      fuzzParams(),
    );
  });
});
