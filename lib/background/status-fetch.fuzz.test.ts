import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FUZZ_TIMEOUT_MS, fuzzParams, instantArb, moneyArb } from "../db/test-arbitraries";
import { DELIVERY_STATUSES, PAYMENT_STATUSES, SHOP_STATUSES } from "../domain/types";
import { statusReportSchema } from "../protocol/status-report";
import { fetchStatus } from "./status-fetch";

const common = {
  tradewatch: fc.constant(1),
  tradingId: fc.string({ minLength: 1, maxLength: 20 }),
  asOf: instantArb,
  message: fc.option(fc.string({ maxLength: 100 })),
};

/** Valid reports of each source. */
const validArb = fc.oneof(
  fc.record({ ...common, source: fc.constant("shop"), status: fc.constantFrom(...SHOP_STATUSES), total: fc.option(moneyArb) }),
  fc.record({ ...common, source: fc.constant("payment"), status: fc.constantFrom(...PAYMENT_STATUSES), amountCharged: fc.option(moneyArb), charges: fc.option(fc.array(moneyArb, { maxLength: 3 })) }),
  fc.record({ ...common, source: fc.constant("delivery"), status: fc.constantFrom(...DELIVERY_STATUSES), trackingNumber: fc.option(fc.string({ maxLength: 30 })), carrier: fc.option(fc.string({ maxLength: 30 })) }),
);

/** Valid reports, or valid reports with one field (or a new one) replaced by anything. */
const reportArb = fc.oneof(
  { weight: 3, arbitrary: validArb },
  fc.tuple(validArb, fc.constantFrom("tradewatch", "source", "tradingId", "asOf", "status", "amountCharged", "charges", "carrier", "__proto__", "extra"), fc.anything()).map(
    ([report, key, value]) => ({ ...report, [key]: value }),
  ),
);

const bodyArb = fc.oneof(
  reportArb.map((report) => JSON.stringify(report)),
  reportArb.map((report) => JSON.stringify(report).slice(0, -5)),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }),
);

const answerArb = fc.record({
  status: fc.oneof({ weight: 6, arbitrary: fc.constant(200) }, fc.integer({ min: 200, max: 599 })),
  contentType: fc.option(fc.constantFrom("application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "application/ld+json", "text/html", "text/plain", "application/jsonx", ";;;")),
  body: bodyArb,
  etag: fc.option(fc.oneof(fc.constant('"abc"'), fc.string({ maxLength: 20 }))),
  retryAfter: fc.option(fc.oneof(fc.nat().map(String), fc.string({ maxLength: 30 }))),
});

/** Statuses whose responses cannot have a body (the Response constructor refuses one). */
const NULL_BODY = new Set([204, 205, 304]);

describe("fetchStatus under fuzzing", () => {
  it("never throws, and an answer it accepts is a valid status report", { timeout: FUZZ_TIMEOUT_MS }, async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(answerArb, async (answer) => {
        const headers = new Headers();
        if (answer.contentType !== null) headers.set("content-type", answer.contentType);
        try {
          if (answer.etag !== null) headers.set("etag", answer.etag);
          if (answer.retryAfter !== null) headers.set("retry-after", answer.retryAfter);
        } catch {
          // Not a valid header value: a server could not have sent it either.
        }
        const body = NULL_BODY.has(answer.status) ? null : answer.body;
        const fetchImpl: typeof fetch = async () => new Response(body as BodyInit | null, { status: answer.status, headers });
        const outcome = await fetchStatus("https://status.example/s?tradingId=TW-1", { fetchImpl, maxBytes: 1000, timeoutMs: 1000 });
        if (!outcome.ok) {
          expect(outcome.message.length).toBeGreaterThan(0);
          expect(outcome.message.length).toBeLessThan(600);
          return;
        }
        if (outcome.notModified) return;
        accepted++;
        expect(statusReportSchema.parse(outcome.report)).toEqual(outcome.report);
      }),
      fuzzParams(300),
    );
    expect(accepted).toBeGreaterThan(0);
  });
});
