import { readFileSync } from "node:fs";
import { describe, it, expect } from "vitest";
import { readOrders } from "../lib/capture/schema-org-order";
import { COMMAND_NAMES, DELIVERY_STATUSES, PAYMENT_STATUSES, SHOP_STATUSES } from "../lib/domain/types";
import {
  COMMANDS_ACTION_NAME,
  COMMANDS_SUPPORTED_PROPERTY,
  commandItemSchema,
  commandReplySchema,
  commandRequestSchema,
  personalInfoSchema,
} from "../lib/protocol/commands";
import {
  deliveryReportSchema,
  itemQuantitySchema,
  moneySchema,
  paymentReportSchema,
  refundSchema,
  reportedItemSchema,
  reportedReturnSchema,
  shopReportSchema,
  statusReportSchema,
} from "../lib/protocol/status-report";
import { HOLD_MS } from "./commands";

const doc = readFileSync(new URL("../docs/protocol.md", import.meta.url), "utf8");

/** The JSON code blocks of the section whose heading starts with `heading`. */
function jsonExamples(heading: string): unknown[] {
  const start = doc.indexOf(`\n## ${heading}`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const end = doc.indexOf("\n## ", start + 1);
  const section = doc.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1] ?? "") as unknown);
}

function fieldsOf(options: readonly { shape: object }[]): string[] {
  return [...new Set(options.flatMap((option) => Object.keys(option.shape)))];
}

describe("docs/protocol.md", () => {
  it.each([
    ["shop report", shopReportSchema.shape],
    ["payment report", paymentReportSchema.shape],
    ["delivery report", deliveryReportSchema.shape],
    ["item quantity", itemQuantitySchema.shape],
    ["reported item", reportedItemSchema.shape],
    ["refund", refundSchema.shape],
    ["money", moneySchema.shape],
    ["reported return", reportedReturnSchema.shape],
    ["announced change", shopReportSchema.shape.nextChange.unwrap().unwrap().shape],
    ["command requests", Object.fromEntries(fieldsOf(commandRequestSchema.options).map((field) => [field, true]))],
    ["command replies", Object.fromEntries(fieldsOf(commandReplySchema.options).map((field) => [field, true]))],
    ["command item", commandItemSchema.shape],
    ["personal information", personalInfoSchema.shape],
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

  it("gives status examples that are valid status documents", () => {
    const examples = jsonExamples("3. The status documents");
    expect(examples).toHaveLength(3);
    for (const example of examples) expect(statusReportSchema.safeParse(example).error).toBeUndefined();
  });

  it("gives a confirmation page example that TradeWatch reads, command endpoint included", () => {
    const [confirmation] = jsonExamples("1. The confirmation page document");
    const [outcome] = readOrders([JSON.stringify(confirmation)], { url: "https://shop.example/orders/TW-100001" }, "2026-11-22T10:05:00.000Z", "UTC");
    expect(outcome?.kind === "order" && outcome.order.info.commands).toEqual({
      url: "https://shop.example/api/commands",
      supports: [...COMMAND_NAMES],
    });
  });

  it("gives command examples that are valid requests and replies, covering every command and result", () => {
    const examples = jsonExamples("6. Commands");
    const [announcement, ...messages] = examples;
    expect(announcement).toEqual({
      "@type": "Action",
      name: COMMANDS_ACTION_NAME,
      target: "https://shop.example/api/commands",
      [COMMANDS_SUPPORTED_PROPERTY]: [...COMMAND_NAMES],
    });
    const commands = new Set<string>();
    const results = new Set<string>();
    for (const message of messages) {
      const isRequest = typeof message === "object" && message !== null && "command" in message;
      const parsed = (isRequest ? commandRequestSchema : commandReplySchema).safeParse(message);
      expect(parsed.error, JSON.stringify(message)).toBeUndefined();
      if (parsed.data && "command" in parsed.data) commands.add(parsed.data.command);
      if (parsed.data && "result" in parsed.data) results.add(parsed.data.result);
    }
    expect([...commands].sort()).toEqual([...COMMAND_NAMES].sort());
    expect([...results].sort()).toEqual(commandReplySchema.options.map((option) => option.shape.result.value).sort());
  });

  it("documents idempotency, presumed abort, the hold timeout and the command errors", () => {
    expect(HOLD_MS).toBe(3_600_000);
    for (const term of ["idempotencyKey", "422", "415", "presumed abort", "**one hour**", "Access-Control-Allow-Methods: POST, OPTIONS"]) {
      expect(doc).toContain(term);
    }
  });
});
