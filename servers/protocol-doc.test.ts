import { readFileSync } from "node:fs";
import { describe, it, expect } from "vitest";
import { DELIVERY_STATUSES, PAYMENT_STATUSES, SHOP_STATUSES } from "../lib/domain/types";
import {
  deliveryReportSchema,
  itemQuantitySchema,
  moneySchema,
  paymentReportSchema,
  shopReportSchema,
} from "../lib/protocol/status-report";

const doc = readFileSync(new URL("../docs/protocol.md", import.meta.url), "utf8");

describe("docs/protocol.md", () => {
  it.each([
    ["shop report", shopReportSchema.shape],
    ["payment report", paymentReportSchema.shape],
    ["delivery report", deliveryReportSchema.shape],
    ["item quantity", itemQuantitySchema.shape],
    ["money", moneySchema.shape],
  ])("documents every field of the %s", (_, shape) => {
    const missing = Object.keys(shape).filter((field) => !doc.includes(`\`${field}\``));
    expect(missing).toEqual([]);
  });

  it("documents every status of the three vocabularies", () => {
    const missing = [...SHOP_STATUSES, ...PAYMENT_STATUSES, ...DELIVERY_STATUSES].filter(
      (status) => !doc.includes(`| \`${status}\` |`),
    );
    expect(missing).toEqual([]);
  });
});
