import { describe, it, expect } from "vitest";
import { displayMoney, escapeHtml, scriptSafeJson } from "./html";

describe("html helpers", () => {
  it("escapes the characters that matter in text and attributes", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  });

  it("writes JSON that cannot close a script element and still parses to the same value", () => {
    const value = { name: "</script><!-- & -->" };
    const text = scriptSafeJson(value);
    expect(text).not.toMatch(/[<>&]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it("shows money in euros", () => {
    expect(displayMoney({ minor: 3490, currency: "EUR" })).toBe("€34.90");
  });
});
