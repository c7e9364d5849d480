import { readFileSync } from "node:fs";
import { describe, it, expect } from "vitest";
import { DELIVERY_STATUSES, PAYMENT_STATUSES, SHOP_STATUSES } from "../lib/domain/types";
import {
  deliveryReportSchema,
  itemQuantitySchema,
  moneySchema,
  paymentReportSchema,
  refundSchema,
  reportedItemSchema,
  shopReportSchema,
} from "../lib/protocol/status-report";

const doc = readFileSync(new URL("../docs/protocol.md", import.meta.url), "utf8");

describe("docs/protocol.md", () => {
  it.each([
    ["shop report", shopReportSchema.shape],
    ["payment report", paymentReportSchema.shape],
    ["delivery report", deliveryReportSchema.shape],
    ["item quantity", itemQuantitySchema.shape],
    ["reported item", reportedItemSchema.shape],
    ["refund", refundSchema.shape],
    ["money", moneySchema.shape],
  ])("documents every field of the %s", (_, shape) => {
    const missing = Object.keys(shape).filter((field) => !doc.includes(`\`${field}\``));
    expect(missing).toEqual([]);
  });

  it("documents the caching and rate-limit headers and the checkout page's status", () => {
    for (const term of ["ETag", "Last-Modified", "If-None-Match", "If-Modified-Since", "304", "429", "Retry-After", "OrderPaymentDue"]) {
      expect(doc).toContain(term);
    }
  });

  it("documents every status of the three vocabularies", () => {
    const missing = [...SHOP_STATUSES, ...PAYMENT_STATUSES, ...DELIVERY_STATUSES].filter(
      (status) => !doc.includes(`| \`${status}\` |`),
    );
    expect(missing).toEqual([]);
  });
});
