// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import { BADGE_HOST_ID, showPageBadge } from "./page-badge";

beforeEach(() => {
  document.documentElement.innerHTML = "<head></head><body><p>Shop</p></body>";
});

describe("page badge", () => {
  it("renders page data as text only, inside a shadow root", () => {
    const host = showPageBadge(document, {
      title: "TradeWatch is now tracking order <img src=x onerror=alert(1)>",
      lines: ["<b>bold</b>"],
      warnings: [],
    });
    const root = host.shadowRoot!;
    expect(root.querySelector("img")).toBeNull();
    expect(root.querySelector("b")).toBeNull();
    expect(root.querySelector("strong")?.textContent).toBe("TradeWatch is now tracking order <img src=x onerror=alert(1)>");
    expect(root.querySelector("[role=alert]")).toBeNull();
    expect(document.body.innerHTML).toBe("<p>Shop</p>");
  });

  it("shows warnings as an alert, replaces an earlier badge, and closes", () => {
    showPageBadge(document, { title: "first", lines: [], warnings: [] });
    const host = showPageBadge(document, { title: "second", lines: ["TW-1"], warnings: ["TW-1: Charged too much"] });
    expect(document.querySelectorAll(`#${BADGE_HOST_ID}`)).toHaveLength(1);
    const root = host.shadowRoot!;
    expect(root.querySelector("[role=alert]")?.textContent).toBe("TW-1: Charged too much");
    (root.querySelector("button") as HTMLButtonElement).click();
    expect(document.getElementById(BADGE_HOST_ID)).toBeNull();
  });

  it("marks a badge with warnings apart, and one without as calm", () => {
    const calm = showPageBadge(document, { title: "TradeWatch: 1 open order at this shop", lines: ["TW-1"], warnings: [] });
    expect(calm.shadowRoot?.querySelector(".card")?.className).toBe("card");
    const warned = showPageBadge(document, {
      title: "TradeWatch: this order would go over your spending limit",
      lines: [],
      warnings: ["This order of €93.00 would take you over your €50.00 limit (All shops · no period): €34.00 already used."],
    });
    const root = warned.shadowRoot!;
    expect(root.querySelector(".card")?.className).toBe("card warn");
    expect(root.querySelectorAll("ul")).toHaveLength(1);
    expect(root.querySelector("[role=alert]")?.textContent).toContain("would take you over your €50.00 limit");
  });
});

describe("page badge for a page TradeWatch could not read", () => {
  const diagnostic = JSON.stringify({ adapter: "shopify", page: "https://shop.example/thank_you", matched: { TOTAL: 0 }, missing: ["total"] });
  const content = {
    title: "TradeWatch recognised a Shopify order page but could not read the total",
    lines: [],
    warnings: [],
    diagnostic,
  };
  const copyButton = (host: HTMLElement) =>
    [...host.shadowRoot!.querySelectorAll("button")].find((button) => button.textContent === "Copy diagnostic") as HTMLButtonElement;

  it("says it loudly and copies the diagnostic from the click", async () => {
    const writeText = vi.fn(async () => undefined);
    vi.spyOn(navigator, "clipboard", "get").mockReturnValue({ writeText } as unknown as Clipboard);
    const host = showPageBadge(document, content);
    expect(host.shadowRoot?.querySelector(".card")?.className).toBe("card warn");
    copyButton(host).click();
    expect(writeText).toHaveBeenCalledWith(diagnostic);
    await vi.waitFor(() => expect(host.shadowRoot?.textContent).toContain("Diagnostic copied."));
  });

  it("shows the diagnostic selected in a read-only box when the clipboard is refused, once however often it is clicked", async () => {
    vi.spyOn(navigator, "clipboard", "get").mockReturnValue({ writeText: async () => Promise.reject(new Error("denied")) } as unknown as Clipboard);
    const host = showPageBadge(document, content);
    copyButton(host).click();
    const root = host.shadowRoot!;
    await vi.waitFor(() => expect(root.querySelector("textarea")).not.toBeNull());
    copyButton(host).click();
    await vi.waitFor(() => expect(root.textContent).toContain("(it is selected)"));
    const boxes = root.querySelectorAll("textarea");
    expect(boxes).toHaveLength(1);
    expect(boxes[0]?.readOnly).toBe(true);
    expect(boxes[0]?.value).toBe(diagnostic);
  });

  it("offers no copy button on other badges", () => {
    const host = showPageBadge(document, { title: "TradeWatch is now tracking order 1001", lines: [], warnings: [] });
    expect(copyButton(host)).toBeUndefined();
  });
});
