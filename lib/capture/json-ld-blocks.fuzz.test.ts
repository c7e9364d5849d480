// @vitest-environment happy-dom
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FUZZ_TIMEOUT_MS, fuzzParams } from "../db/test-arbitraries";
import { collectJsonLdBlocks } from "./json-ld-blocks";

interface Script {
  type: string | null;
  text: string;
}

const scriptArb: fc.Arbitrary<Script> = fc.record({
  type: fc.option(fc.constantFrom("application/ld+json", " APPLICATION/LD+JSON ", "application/json", "text/javascript", "ld+json", "")),
  text: fc.oneof(
    fc.string({ maxLength: 50 }).map((text) => `{"@type":"Order",${text}}`),
    fc.string({ maxLength: 50 }),
    fc.nat(400).map((n) => `"Order"${"x".repeat(n)}`),
  ),
});

/** Script text as the HTML parser reads it back: no "</script" inside, no NUL, CR as LF. */
const safe = (text: string) => text.replaceAll("<", "&lt;").replaceAll("\0", "").replaceAll("\r", "\n");

describe("collectJsonLdBlocks under fuzzing", () => {
  it("returns, in order, the JSON-LD scripts that mention Order, stopping before the budget", { timeout: FUZZ_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(fc.array(scriptArb, { maxLength: 12 }), fc.integer({ min: 0, max: 1000 }), (scripts, budget) => {
        const html = scripts
          .map(({ type, text }) => `<script${type === null ? "" : ` type="${type}"`}>${safe(text)}</script>`)
          .join("<p>between</p>");
        const doc = new DOMParser().parseFromString(`<!doctype html><html><body>${html}</body></html>`, "text/html");
        const blocks = collectJsonLdBlocks(doc, budget);

        const expected: string[] = [];
        let total = 0;
        for (const { type, text } of scripts) {
          if (type?.trim().toLowerCase() !== "application/ld+json" || !safe(text).includes("Order")) continue;
          if (total + safe(text).length > budget) break;
          total += safe(text).length;
          expected.push(safe(text));
        }
        expect(blocks).toEqual(expected);
        expect(blocks.join("").length).toBeLessThanOrEqual(budget);
      }),
      fuzzParams(200),
    );
  });
});
