// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import { badgeTexts, type BadgeContent } from "./badge-content";
import { BADGE_HOST_ID, CORNERS_KEY, DISMISSED_KEY, isDarkPage, parseRgb, readRemembered, showPageBadge, type BadgeMemory } from "./page-badge";

/** storage.local as the capture script has it, in memory. */
function memoryStorage(initial: Record<string, unknown> = {}): BadgeMemory & { data: Record<string, unknown> } {
  const data = structuredClone(initial);
  return {
    data,
    get: async (key) => (key in data ? { [key]: structuredClone(data[key]) } : {}),
    set: async (items) => void Object.assign(data, structuredClone(items)),
  };
}

const VIEWPORT = { width: 1000, height: 800 };
const BADGE_SIZE = { width: 300, height: 100 };

/** Layout for happy-dom, which has none: the badge has BADGE_SIZE, a page element the box in its data-box attribute. */
function layout() {
  vi.spyOn(document.documentElement, "clientWidth", "get").mockReturnValue(VIEWPORT.width);
  vi.spyOn(document.documentElement, "clientHeight", "get").mockReturnValue(VIEWPORT.height);
  vi.spyOn(HTMLElement.prototype, "getBoundingClientRect").mockImplementation(function (this: HTMLElement) {
    const [x, y, width, height] = (this.dataset.box ?? "0 0 0 0").split(" ").map(Number) as [number, number, number, number];
    if (this.id === BADGE_HOST_ID) {
      const left = parseFloat(this.style.getPropertyValue("left"));
      const top = parseFloat(this.style.getPropertyValue("top"));
      return new DOMRect(Number.isNaN(left) ? 0 : left, Number.isNaN(top) ? 0 : top, BADGE_SIZE.width, BADGE_SIZE.height);
    }
    return new DOMRect(x, y, width, height);
  });
}

/** happy-dom's own way to change the page's address. */
const setUrl = (url: string) => (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);

let storage: ReturnType<typeof memoryStorage>;
beforeEach(() => {
  setUrl("https://shop.example/orders/TW-1");
  document.documentElement.innerHTML = "<head></head><body><p>Shop</p></body>";
  storage = memoryStorage();
  layout();
});

const content = (fields: Partial<BadgeContent> = {}): BadgeContent => ({
  title: "TradeWatch is now tracking order TW-1",
  lines: [],
  warnings: [],
  texts: badgeTexts(),
  ...fields,
});
const show = (fields: Partial<BadgeContent> = {}) => showPageBadge(document, content(fields), storage);
const buttonNamed = (host: HTMLElement, name: string) =>
  [...host.shadowRoot!.querySelectorAll("button")].find((button) => button.getAttribute("aria-label") === name || button.textContent === name) as HTMLButtonElement;
const dismissButton = (host: HTMLElement) => buttonNamed(host, "Dismiss this TradeWatch notice");
const moveButton = (host: HTMLElement) => buttonNamed(host, "Move this TradeWatch notice (arrow keys or drag)");
const key = (target: HTMLElement, name: string) => target.dispatchEvent(new KeyboardEvent("keydown", { key: name, bubbles: true, composed: true }));

describe("page badge", () => {
  it("renders page data as text only, inside a shadow root, and leaves the page's markup alone", async () => {
    const host = (await show({ title: "TradeWatch is now tracking order <img src=x onerror=alert(1)>", lines: ["<b>bold</b>"] }))!;
    const root = host.shadowRoot!;
    expect(root.querySelector("img")).toBeNull();
    expect(root.querySelector("b")).toBeNull();
    expect(root.querySelector("strong")?.textContent).toBe("TradeWatch is now tracking order <img src=x onerror=alert(1)>");
    expect(root.querySelector("[role=alert]")).toBeNull();
    expect(document.body.innerHTML).toBe("<p>Shop</p>");
    // The page's stylesheets cannot unfix it: its position is inline and important.
    expect(host.style.getPropertyPriority("position")).toBe("important");
  });

  it("shows warnings as an alert, replaces an earlier badge, and is dismissed by its button", async () => {
    await show({ title: "first" });
    const host = (await show({ title: "second", lines: ["TW-1"], warnings: ["TW-1: Charged too much"] }))!;
    expect(document.querySelectorAll(`#${BADGE_HOST_ID}`)).toHaveLength(1);
    expect(host.shadowRoot!.querySelector("[role=alert]")?.textContent).toBe("TW-1: Charged too much");
    dismissButton(host).click();
    expect(document.getElementById(BADGE_HOST_ID)).toBeNull();
  });

  it("marks a badge with warnings apart, and one without as calm", async () => {
    const calm = (await show())!;
    expect(calm.shadowRoot?.querySelector(".card")?.classList.contains("warn")).toBe(false);
    const warned = (await show({ title: "TradeWatch: this order would go over your spending limit", warnings: ["over the €50.00 limit"] }))!;
    expect(warned.shadowRoot?.querySelector(".card")?.classList.contains("warn")).toBe(true);
  });

  it("is dismissed by Escape from within it", async () => {
    const host = (await show())!;
    key(moveButton(host), "Escape");
    expect(document.getElementById(BADGE_HOST_ID)).toBeNull();
  });
});

describe("dismissing the badge", () => {
  it("is remembered for those orders on that page, until they have more warnings", async () => {
    dismissButton((await show({ orders: ["TW-1"], warnings: ["TW-1: Late"] }))!).click();
    await vi.waitFor(() => expect(Object.keys((storage.data[DISMISSED_KEY] as object | undefined) ?? {})).toEqual(["https://shop.example/orders/TW-1 TW-1"]));
    expect(await show({ orders: ["TW-1"], warnings: ["TW-1: Late"] })).toBeNull();
    expect(document.getElementById(BADGE_HOST_ID)).toBeNull();
    expect(await show({ orders: ["TW-1"], warnings: ["TW-1: Late", "TW-1: Charged too much"] })).not.toBeNull();
  });

  it("still shows the badge of other orders and of other pages", async () => {
    dismissButton((await show({ orders: ["TW-1"] }))!).click();
    await vi.waitFor(() => expect(storage.data[DISMISSED_KEY]).toBeDefined());
    expect(await show({ orders: ["TW-2"] })).not.toBeNull();
    setUrl("https://shop.example/account/orders/TW-1");
    expect(await show({ orders: ["TW-1"] })).not.toBeNull();
  });

  it("is not remembered for a badge about no stored order (a checkout, a page it could not read)", async () => {
    dismissButton((await show({ title: "TradeWatch: this order would go over your spending limit" }))!).click();
    expect(storage.data[DISMISSED_KEY]).toBeUndefined();
  });

  it("uses what it remembers as read beforehand, without reading storage again", async () => {
    storage = memoryStorage({ [CORNERS_KEY]: { "https://shop.example": "top-left" } });
    const get = vi.spyOn(storage, "get");
    const remembered = readRemembered(storage);
    expect(get).toHaveBeenCalledTimes(2);
    const host = (await showPageBadge(document, content({ orders: ["TW-1"] }), storage, remembered))!;
    expect(host.dataset.corner).toBe("top-left");
    expect(get).toHaveBeenCalledTimes(2);
  });

  it("names itself and its controls in the words it was given", async () => {
    const texts = { ...badgeTexts(), name: "TradeWatch (de)", move: "Verschieben", dismiss: "Schließen", copyDiagnostic: "Diagnose kopieren" };
    const host = (await show({ texts, diagnostic: "{}" }))!;
    expect(host.shadowRoot!.querySelector("section")?.getAttribute("aria-label")).toBe("TradeWatch (de)");
    expect(buttonNamed(host, "Verschieben")).toBeDefined();
    expect(buttonNamed(host, "Schließen")).toBeDefined();
    expect(buttonNamed(host, "Diagnose kopieren")).toBeDefined();
  });

  it("remembers the latest 200 dismissals only", async () => {
    const old = Object.fromEntries(Array.from({ length: 200 }, (_, n) => [`https://shop.example/orders/${n} ${n}`, 0]));
    storage = memoryStorage({ [DISMISSED_KEY]: old });
    dismissButton((await show({ orders: ["TW-1"] }))!).click();
    await vi.waitFor(() => expect(Object.keys(storage.data[DISMISSED_KEY] as object).at(-1)).toBe("https://shop.example/orders/TW-1 TW-1"));
    const kept = Object.keys(storage.data[DISMISSED_KEY] as object);
    expect(kept).toHaveLength(200);
    expect(kept[0]).toBe("https://shop.example/orders/1 1");
  });
});

describe("where the badge sits", () => {
  const control = (tag: string, box: string, attributes = "") => `<${tag} data-box="${box}" ${attributes}>x</${tag}>`;
  const bottomRight = `${VIEWPORT.width - 150} ${VIEWPORT.height - 60} 100 40`;
  const bottomLeft = "40 740 100 40";

  it("starts bottom right when nothing is there", async () => {
    expect((await show())!.dataset.corner).toBe("bottom-right");
  });

  it("starts in the next corner when a control of the shop lies under the default one", async () => {
    document.body.innerHTML = control("button", bottomRight);
    expect((await show())!.dataset.corner).toBe("bottom-left");
    document.body.innerHTML = control("a", bottomRight, 'href="/cart"') + control("div", bottomLeft, 'role="button"');
    expect((await show())!.dataset.corner).toBe("top-right");
  });

  it("ignores what is not a control, hidden or out of the keyboard's reach", async () => {
    document.body.innerHTML = control("div", bottomRight) + control("a", bottomRight) + control("input", "0 0 0 0", 'type="hidden"') + control("main", bottomRight, 'tabindex="-1"');
    expect((await show())!.dataset.corner).toBe("bottom-right");
  });

  it("takes the corner covering the fewest controls when every corner covers some", async () => {
    document.body.innerHTML = [
      control("button", bottomRight),
      control("button", `${VIEWPORT.width - 200} ${VIEWPORT.height - 60} 40 40`),
      control("button", bottomLeft),
      control("button", bottomLeft.replace("40 740", "200 740")),
      control("button", "40 20 40 40"),
      control("button", `${VIEWPORT.width - 100} 20 40 40`),
      control("button", `${VIEWPORT.width - 200} 20 40 40`),
    ].join("");
    expect((await show())!.dataset.corner).toBe("top-left");
  });

  it("moves out of the way when the window is resized onto a control", async () => {
    const host = (await show())!;
    document.body.innerHTML = control("button", bottomRight);
    window.dispatchEvent(new Event("resize"));
    expect(host.dataset.corner).toBe("bottom-left");
  });

  it("goes round the corners from its move button, and the site remembers the last", async () => {
    const host = (await show())!;
    const corners = [];
    for (let n = 0; n < 4; n++) {
      moveButton(host).click();
      corners.push(host.dataset.corner);
    }
    expect(corners).toEqual(["bottom-left", "top-left", "top-right", "bottom-right"]);
    moveButton(host).click();
    await vi.waitFor(() => expect(storage.data[CORNERS_KEY]).toEqual({ "https://shop.example": "bottom-left" }));
    expect(host.style.getPropertyValue("left")).toBe("16px");
    expect(host.style.getPropertyValue("right")).toBe("auto");
    // The user's choice wins over the search for a free corner, on every page of the site.
    document.body.innerHTML = control("button", bottomLeft);
    setUrl("https://shop.example/orders/TW-2");
    expect((await show())!.dataset.corner).toBe("bottom-left");
  });

  it("moves with the arrow keys while its move button has the focus", async () => {
    const host = (await show())!;
    key(moveButton(host), "ArrowUp");
    expect(host.dataset.corner).toBe("top-right");
    key(moveButton(host), "ArrowLeft");
    expect(host.dataset.corner).toBe("top-left");
    key(moveButton(host), "ArrowLeft");
    expect(host.dataset.corner).toBe("top-left");
    key(moveButton(host), "ArrowDown");
    expect(host.dataset.corner).toBe("bottom-left");
    await vi.waitFor(() => expect(storage.data[CORNERS_KEY]).toEqual({ "https://shop.example": "bottom-left" }));
  });

  it("is dragged by its move button and lands in the nearest corner, without the click that ends the drag moving it on", async () => {
    const host = (await show())!;
    const handle = moveButton(host);
    const pointer = (type: string, x: number, y: number) =>
      handle.dispatchEvent(new PointerEvent(type, { clientX: x, clientY: y, button: 0, pointerId: 1, bubbles: true }));
    pointer("pointerdown", 980, 700);
    pointer("pointermove", 300, 120);
    pointer("pointermove", 200, 60);
    expect(host.style.getPropertyValue("right")).toBe("auto");
    pointer("pointerup", 200, 60);
    handle.click();
    expect(host.dataset.corner).toBe("top-left");
    await vi.waitFor(() => expect(storage.data[CORNERS_KEY]).toEqual({ "https://shop.example": "top-left" }));
  });
});

describe("the badge's colours", () => {
  it("is dark on a dark page and light on a light one", async () => {
    document.body.style.backgroundColor = "rgb(18, 18, 18)";
    expect((await show())!.dataset.look).toBe("dark");
    document.body.style.backgroundColor = "rgb(250, 250, 245)";
    expect((await show())!.dataset.look).toBe("light");
  });

  it("reads a transparent page by the colour scheme it asks for", () => {
    expect(isDarkPage(document)).toBe(false);
    document.head.innerHTML = '<meta name="color-scheme" content="dark">';
    expect(isDarkPage(document)).toBe(true);
    document.head.innerHTML = '<meta name="color-scheme" content="light dark">';
    vi.spyOn(window, "matchMedia").mockReturnValue({ matches: true } as MediaQueryList);
    expect(isDarkPage(document)).toBe(true);
  });

  it("reads the colours browsers compute", () => {
    expect(parseRgb("rgb(1, 2, 3)")).toEqual({ red: 1, green: 2, blue: 3, alpha: 1 });
    expect(parseRgb("rgba(0, 0, 0, 0)")).toEqual({ red: 0, green: 0, blue: 0, alpha: 0 });
    expect(parseRgb("rgb(10 20 30 / 50%)")).toEqual({ red: 10, green: 20, blue: 30, alpha: 0.5 });
    expect(parseRgb("oklch(0.5 0.1 200)")).toBeNull();
    expect(parseRgb(undefined)).toBeNull();
  });
});

describe("page badge for a page TradeWatch could not read", () => {
  const diagnostic = JSON.stringify({ adapter: "shopify", page: "https://shop.example/thank_you", matched: { TOTAL: 0 }, missing: ["total"] });
  const content = { title: "TradeWatch recognised a Shopify order page but could not read the total", diagnostic };
  const copyButton = (host: HTMLElement) => buttonNamed(host, "Copy diagnostic");

  it("says it loudly and copies the diagnostic from the click", async () => {
    const writeText = vi.fn(async () => undefined);
    vi.spyOn(navigator, "clipboard", "get").mockReturnValue({ writeText } as unknown as Clipboard);
    const host = (await show(content))!;
    expect(host.shadowRoot?.querySelector(".card")?.classList.contains("warn")).toBe(true);
    copyButton(host).click();
    expect(writeText).toHaveBeenCalledWith(diagnostic);
    await vi.waitFor(() => expect(host.shadowRoot?.textContent).toContain("Diagnostic copied."));
  });

  it("shows the diagnostic selected in a read-only box when the clipboard is refused, once however often it is clicked", async () => {
    vi.spyOn(navigator, "clipboard", "get").mockReturnValue({ writeText: async () => Promise.reject(new Error("denied")) } as unknown as Clipboard);
    const host = (await show(content))!;
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

  it("offers no copy button on other badges", async () => {
    expect(copyButton((await show())!)).toBeUndefined();
  });
});
