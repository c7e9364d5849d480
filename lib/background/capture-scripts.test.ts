import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { SHOPIFY_CHECKOUT_FIELDS, SHOPIFY_LINE_ITEM_FIELDS } from "../capture/adapters/shopify-page";
import { CAPTURE_HANDOFF_KEY, giveHandoff } from "../capture/page-capture";
import { CAPTURE_SCRIPT_FILE, copyShopifyCheckout, injectCapture, SHOPIFY_MAX_LINE_ITEMS } from "./capture-scripts";

beforeEach(() => fakeBrowser.reset());

describe("injectCapture", () => {
  type Injection = { target: { tabId: number; frameIds?: number[] }; world?: string; files?: string[]; func?: (...args: never[]) => unknown; args?: unknown[] };
  let injected: Injection[];
  let pageResult: unknown;
  beforeEach(() => {
    injected = [];
    pageResult = { order_id: 7 };
    Object.assign(fakeBrowser.runtime, { getManifest: () => ({ version: "1.2.3" }) });
    Object.assign(fakeBrowser.scripting, {
      executeScript: async (injection: Injection) => {
        injected.push(injection);
        return injection.world === "MAIN" ? [{ frameId: 0, result: pageResult }] : [{ frameId: 0, result: undefined }];
      },
    });
  });

  const handoffOf = (injections: Injection[]) => injections.find((each) => each.func === giveHandoff)?.args;

  it("runs the capture script in the top frame only and hands it the signs and switched-off adapters", async () => {
    await injectCapture(5, ["woocommerce"], ["vendure"]);
    expect(injected.map((each) => each.target)).toEqual([
      { tabId: 5, frameIds: [0] },
      { tabId: 5, frameIds: [0] },
    ]);
    expect(injected[0]?.files).toEqual([`/${CAPTURE_SCRIPT_FILE}`]);
    expect(handoffOf(injected)).toEqual([CAPTURE_HANDOFF_KEY, { signs: ["woocommerce"], disabled: ["vendure"], pageData: null, version: "1.2.3" }]);
    expect(injected.some((each) => each.world === "MAIN")).toBe(false);
  });

  it("on a Shopify page, reads the page's checkout data in its own world and hands it over", async () => {
    await injectCapture(5, ["shopify"], []);
    expect(injected.map((each) => each.world ?? "ISOLATED")).toEqual(["ISOLATED", "MAIN", "ISOLATED"]);
    expect(injected[1]?.func).toBe(copyShopifyCheckout);
    expect(handoffOf(injected)?.[1]).toEqual({ signs: ["shopify"], disabled: [], pageData: { shopifyCheckout: { order_id: 7 } }, version: "1.2.3" });
  });

  it("loads the capture script without waiting for its handoff to be put together", async () => {
    let answerMainWorld: (result: unknown) => void = () => undefined;
    Object.assign(fakeBrowser.scripting, {
      executeScript: async (injection: Injection) => {
        injected.push(injection);
        if (injection.world !== "MAIN") return [{ frameId: 0, result: undefined }];
        return new Promise((resolve) => {
          answerMainWorld = (result) => resolve([{ frameId: 0, result }]);
        });
      },
    });
    const injecting = injectCapture(5, ["shopify"], []);
    expect(injected.map((each) => each.files ?? each.world)).toEqual([[`/${CAPTURE_SCRIPT_FILE}`], "MAIN"]);
    expect(handoffOf(injected)).toBeUndefined();
    answerMainWorld(pageResult);
    await injecting;
    expect(handoffOf(injected)?.[1]).toMatchObject({ pageData: { shopifyCheckout: { order_id: 7 } } });
  });

  it("still captures from the visible page when the page's world cannot be read", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    Object.assign(fakeBrowser.scripting, {
      executeScript: async (injection: Injection) => {
        if (injection.world === "MAIN") throw new Error("Cannot access contents of the page");
        injected.push(injection);
        return [];
      },
    });
    await injectCapture(5, ["shopify"], []);
    expect(handoffOf(injected)?.[1]).toEqual({ signs: ["shopify"], disabled: [], pageData: null, version: "1.2.3" });
    expect(injected[0]?.files).toEqual([`/${CAPTURE_SCRIPT_FILE}`]);
  });
});

describe("copyShopifyCheckout (runs in the page's world)", () => {
  const scope = globalThis as { Shopify?: unknown };
  afterEach(() => {
    delete scope.Shopify;
  });
  const copy = () => copyShopifyCheckout([...SHOPIFY_CHECKOUT_FIELDS], [...SHOPIFY_LINE_ITEM_FIELDS], SHOPIFY_MAX_LINE_ITEMS);

  it("copies only the named fields, as plain values: not the buyer's e-mail or addresses", () => {
    scope.Shopify = {
      checkout: {
        order_id: 450789469,
        total_price: "59.97",
        currency: "EUR",
        email: "buyer@example.com",
        shipping_address: { address1: "1 Main Street" },
        line_items: [{ title: "Green tea", quantity: 3, price: "19.99", image_url: "https://cdn.example/t.jpg", properties: { gift: "yes" } }],
      },
    };
    const copied = copy() as Record<string, unknown>;
    expect(copied).toMatchObject({ order_id: 450789469, total_price: "59.97", currency: "EUR" });
    expect(JSON.stringify(copied)).not.toMatch(/buyer@example|Main Street|cdn\.example|gift/);
    expect(copied.line_items).toEqual([{ title: "Green tea", sku: null, quantity: 3, price: "19.99" }]);
  });

  it("bounds what it copies, leaving out a list of items too long to copy whole", () => {
    scope.Shopify = { checkout: { total_price: "x".repeat(10_000), line_items: Array(SHOPIFY_MAX_LINE_ITEMS + 1).fill({ title: "Tea" }) } };
    const copied = copy() as { total_price: string; line_items?: unknown[] };
    expect(copied.line_items).toBeUndefined();
    expect(copied.total_price.length).toBeLessThan(1000);
    scope.Shopify = { checkout: { line_items: Array(SHOPIFY_MAX_LINE_ITEMS).fill({ title: "Tea" }) } };
    expect((copy() as { line_items: unknown[] }).line_items).toHaveLength(SHOPIFY_MAX_LINE_ITEMS);
  });

  it("gives null on a page without checkout data, or whose getters throw", () => {
    expect(copy()).toBeNull();
    scope.Shopify = {
      get checkout() {
        throw new Error("no");
      },
    };
    expect(copy()).toBeNull();
  });
});
