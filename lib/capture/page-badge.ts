import badgeStyle from "./page-badge.css?inline";
import type { BadgeContent, BadgeTexts } from "./badge-content";

/*
 * The in-page badge: a small card in a shadow root, fixed to a corner, so the shop's CSS
 * cannot restyle it and it cannot restyle the shop. Page data is only ever set as text. It
 * starts in a corner where it covers none of the shop's controls, takes the page's light or
 * dark look, can be moved (button, arrow keys, dragging; remembered per site) and dismissed
 * (button or Escape; remembered for those orders on that page). What it says, its controls'
 * names included, comes composed (badge-content.ts).
 */

/**
 * Where the badge remembers the user's choices: browser.storage.local in the capture script.
 * (Named "memory" in this module: WXT would auto-import its own `storage` for a bare `storage`.)
 */
export interface BadgeMemory {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export const BADGE_HOST_ID = "tradewatch-badge";
/** Clockwise, the order the move button goes round. */
export const CORNERS = ["bottom-right", "bottom-left", "top-left", "top-right"] as const;
export type Corner = (typeof CORNERS)[number];
/** The order corners are tried in when the badge first appears: the bottom ones hold the fewest controls. */
const PREFERRED: readonly Corner[] = ["bottom-right", "bottom-left", "top-right", "top-left"];
/** Storage keys: the corner chosen per site (origin), and the dismissals per page and orders. */
export const CORNERS_KEY = "badgeCorners";
export const DISMISSED_KEY = "badgeDismissed";
/** Each record keeps this many entries, the latest. */
const REMEMBERED = 200;
const MARGIN = 16;
/** The shop's own controls, which the badge must not cover. */
const CONTROLS = "a[href], button, input, select, textarea, [role=button], [tabindex]:not([tabindex='-1'])";


/** What the badge remembers (BadgeMemory): the dismissals and the corners chosen. */
export interface Remembered {
  dismissed: Record<string, unknown>;
  corners: Record<string, unknown>;
}

/**
 * Reads what the badge remembers; never rejects. The capture script starts it while the
 * background stores the capture, so the badge shows as soon as the answer comes (issue 7).
 */
export async function readRemembered(memory: BadgeMemory): Promise<Remembered> {
  const [dismissed, corners] = await Promise.all([readRecord(memory, DISMISSED_KEY), readRecord(memory, CORNERS_KEY)]);
  return { dismissed, corners };
}

/**
 * Shows the badge, or nothing when the user dismissed it for these orders on this page (unless
 * it has more warnings now than then). Resolves to the badge's host element.
 */
export async function showPageBadge(
  doc: Document,
  content: BadgeContent,
  memory: BadgeMemory,
  remembered: Promise<Remembered> = readRemembered(memory),
): Promise<HTMLElement | null> {
  const { origin, pathname } = doc.location;
  const dismissKey = content.orders?.length ? `${origin}${pathname} ${content.orders.join(",")}` : null;
  const { dismissed, corners } = await remembered;
  const warningsThen = dismissKey === null ? undefined : dismissed[dismissKey];
  if (typeof warningsThen === "number" && warningsThen >= content.warnings.length) return null;

  doc.getElementById(BADGE_HOST_ID)?.remove();
  const host = doc.createElement("div");
  host.id = BADGE_HOST_ID;
  // Inline and important: the page's own stylesheets cannot move or hide the host.
  for (const [name, value] of [["position", "fixed"], ["z-index", "2147483647"], ["margin", "0"], ["display", "block"]]) {
    host.style.setProperty(name!, value!, "important");
  }
  const root = host.attachShadow({ mode: "open" });
  const style = doc.createElement("style");
  style.textContent = badgeStyle;

  const card = doc.createElement("section");
  card.className = content.warnings.length > 0 || content.diagnostic !== undefined ? "card warn" : "card";
  card.setAttribute("aria-label", content.texts.name);
  card.setAttribute("role", "status");

  const head = doc.createElement("div");
  head.className = "head";
  const title = doc.createElement("strong");
  title.textContent = content.title;
  const controls = doc.createElement("div");
  controls.className = "controls";
  const move = button(doc, "✥", content.texts.move);
  move.className = "move";
  const close = button(doc, "×", content.texts.dismiss);
  controls.append(move, close);
  head.append(title, controls);
  card.append(head);

  if (content.lines.length > 0) card.append(list(doc, content.lines));
  if (content.warnings.length > 0) {
    const warnings = list(doc, content.warnings);
    warnings.className = "warning";
    warnings.setAttribute("role", "alert");
    card.append(warnings);
  }
  if (content.diagnostic !== undefined) card.append(...copyControls(doc, content.diagnostic, content.texts));
  root.append(style, card);

  const view = doc.defaultView!;
  const events = new AbortController();
  const dismiss = () => {
    host.remove();
    events.abort();
    if (dismissKey !== null) void remember(memory, DISMISSED_KEY, dismissKey, content.warnings.length);
  };
  close.addEventListener("click", dismiss);
  card.addEventListener("keydown", (event) => {
    if (event.key === "Escape") dismiss();
  });

  const chosen = corners[origin];
  let corner: Corner = isCorner(chosen) ? chosen : "bottom-right";
  let placedByUser = isCorner(chosen);
  const place = (next: Corner, byUser: boolean) => {
    corner = next;
    setCorner(host, next);
    if (byUser) {
      placedByUser = true;
      void remember(memory, CORNERS_KEY, origin, next);
    }
  };
  const arrange = () => {
    if (!host.isConnected) return events.abort();
    if (!placedByUser) place(freeCorner(doc, host), false);
    host.dataset.look = isDarkPage(doc) ? "dark" : "light";
  };
  makeMovable(host, move, () => corner, place);

  setCorner(host, corner);
  doc.documentElement.append(host);
  arrange();
  view.addEventListener("resize", arrange, { signal: events.signal });
  view.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", arrange, { signal: events.signal });
  return host;
}

function button(doc: Document, text: string, label: string): HTMLButtonElement {
  const element = doc.createElement("button");
  element.type = "button";
  element.textContent = text;
  element.setAttribute("aria-label", label);
  element.title = label;
  return element;
}

function list(doc: Document, texts: string[]): HTMLUListElement {
  const ul = doc.createElement("ul");
  for (const text of texts) {
    const li = doc.createElement("li");
    li.textContent = text;
    ul.append(li);
  }
  return ul;
}

const isCorner = (value: unknown): value is Corner => CORNERS.includes(value as Corner);

function setCorner(host: HTMLElement, corner: Corner): void {
  const [vertical, horizontal] = corner.split("-") as ["top" | "bottom", "left" | "right"];
  for (const side of ["top", "bottom", "left", "right"]) {
    host.style.setProperty(side, side === vertical || side === horizontal ? `${MARGIN}px` : "auto", "important");
  }
  host.dataset.corner = corner;
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

function viewport(doc: Document): { width: number; height: number } {
  const view = doc.defaultView!;
  return { width: doc.documentElement.clientWidth || view.innerWidth, height: doc.documentElement.clientHeight || view.innerHeight };
}

/** Where the badge would be in `corner`, in viewport coordinates. */
function boxAt(corner: Corner, width: number, height: number, doc: Document): Box {
  const screen = viewport(doc);
  const left = corner.endsWith("left") ? MARGIN : screen.width - MARGIN - width;
  const top = corner.startsWith("top") ? MARGIN : screen.height - MARGIN - height;
  return { left, top, right: left + width, bottom: top + height };
}

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** The first corner, in order of preference, where the badge covers none of the page's controls; else the one covering fewest. */
export function freeCorner(doc: Document, host: HTMLElement): Corner {
  const { width, height } = host.getBoundingClientRect();
  const controls = [...doc.querySelectorAll(CONTROLS)]
    .map((element) => element.getBoundingClientRect())
    .filter((box) => box.width > 0 && box.height > 0);
  let best: Corner = PREFERRED[0]!;
  let fewest = Infinity;
  for (const corner of PREFERRED) {
    const box = boxAt(corner, width, height, doc);
    const covered = controls.filter((control) => overlaps(box, control)).length;
    if (covered === 0) return corner;
    if (covered < fewest) [best, fewest] = [corner, covered];
  }
  return best;
}

const ARROWS: Record<string, (corner: Corner) => Corner> = {
  ArrowLeft: (corner) => corner.replace("right", "left") as Corner,
  ArrowRight: (corner) => corner.replace("left", "right") as Corner,
  ArrowUp: (corner) => corner.replace("bottom", "top") as Corner,
  ArrowDown: (corner) => corner.replace("top", "bottom") as Corner,
};

/**
 * The move button: a click goes to the next corner, an arrow key to the corner that way, and
 * dragging it carries the badge, which lands in the nearest corner when let go.
 */
function makeMovable(host: HTMLElement, handle: HTMLButtonElement, current: () => Corner, place: (corner: Corner, byUser: boolean) => void) {
  let drag: { dx: number; dy: number; x: number; y: number; moved: boolean } | null = null;
  let dragged = false;
  handle.addEventListener("click", () => {
    // The click that ends a drag is not a request for the next corner.
    if (dragged) dragged = false;
    else place(CORNERS[(CORNERS.indexOf(current()) + 1) % CORNERS.length]!, true);
  });
  handle.addEventListener("keydown", (event) => {
    const toward = ARROWS[event.key];
    if (!toward) return;
    event.preventDefault();
    place(toward(current()), true);
  });
  handle.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    dragged = false;
    const box = host.getBoundingClientRect();
    drag = { dx: event.clientX - box.left, dy: event.clientY - box.top, x: event.clientX, y: event.clientY, moved: false };
    handle.setPointerCapture?.(event.pointerId);
  });
  handle.addEventListener("pointermove", (event) => {
    if (drag === null) return;
    drag.moved ||= Math.abs(event.clientX - drag.x) + Math.abs(event.clientY - drag.y) > 4;
    if (!drag.moved) return;
    for (const [side, value] of [["left", event.clientX - drag.dx], ["top", event.clientY - drag.dy]] as const) {
      host.style.setProperty(side, `${value}px`, "important");
    }
    host.style.setProperty("right", "auto", "important");
    host.style.setProperty("bottom", "auto", "important");
  });
  const drop = (event: PointerEvent) => {
    if (drag === null) return;
    const { moved } = drag;
    drag = null;
    if (!moved) return;
    dragged = event.type === "pointerup";
    const box = host.getBoundingClientRect();
    const screen = viewport(host.ownerDocument);
    const vertical = box.top + box.height / 2 < screen.height / 2 ? "top" : "bottom";
    const horizontal = box.left + box.width / 2 < screen.width / 2 ? "left" : "right";
    place(`${vertical}-${horizontal}`, true);
  };
  handle.addEventListener("pointerup", drop);
  handle.addEventListener("pointercancel", drop);
}

/**
 * Whether the page looks dark: its background colour, else (a transparent page shows the
 * browser's canvas) the colour scheme it asks for, which may follow the system's.
 */
export function isDarkPage(doc: Document): boolean {
  const view = doc.defaultView!;
  for (const element of [doc.body, doc.documentElement]) {
    const colour = element && parseRgb(view.getComputedStyle(element).backgroundColor);
    if (colour && colour.alpha > 0) return luminance(colour) < 0.18;
  }
  const computed = view.getComputedStyle(doc.documentElement).colorScheme;
  const scheme = computed && computed !== "normal" ? computed : (doc.querySelector<HTMLMetaElement>('meta[name="color-scheme"]')?.content ?? "");
  if (!/\bdark\b/.test(scheme)) return false;
  return !/\blight\b/.test(scheme) || view.matchMedia("(prefers-color-scheme: dark)").matches;
}

interface Rgb {
  red: number;
  green: number;
  blue: number;
  alpha: number;
}

/** A computed colour as browsers write it: "rgb(1, 2, 3)", "rgba(1, 2, 3, 0.5)" or "rgb(1 2 3 / 50%)"; null otherwise. */
export function parseRgb(text: string | undefined): Rgb | null {
  const match = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)\s*(?:[,/]\s*([\d.]+)(%?))?\s*\)$/.exec(text ?? "");
  if (!match) return null;
  const [, red, green, blue, alpha, percent] = match;
  const opacity = alpha === undefined ? 1 : Number(alpha) / (percent ? 100 : 1);
  return { red: Number(red), green: Number(green), blue: Number(blue), alpha: opacity };
}

/** WCAG relative luminance, 0 (black) to 1 (white). */
function luminance({ red, green, blue }: Rgb): number {
  const linear = (channel: number) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue);
}

async function readRecord(memory: BadgeMemory, key: string): Promise<Record<string, unknown>> {
  try {
    const value = (await memory.get(key))[key];
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    // Without storage the badge still shows; it just remembers nothing.
    return {};
  }
}

/** Sets one entry of a record in storage, as its latest, keeping the REMEMBERED latest entries. */
async function remember(memory: BadgeMemory, key: string, entry: string, value: unknown): Promise<void> {
  const record = await readRecord(memory, key);
  delete record[entry];
  const entries = [...Object.entries(record), [entry, value] as const].slice(-REMEMBERED);
  await memory.set({ [key]: Object.fromEntries(entries) }).catch(() => undefined);
}

/**
 * "Copy diagnostic": to the clipboard from the click itself; where the page refuses the
 * clipboard, the text is shown selected in a read-only box to copy by hand.
 */
function copyControls(doc: Document, text: string, texts: BadgeTexts): HTMLElement[] {
  const copy = doc.createElement("button");
  copy.type = "button";
  copy.className = "copy";
  copy.textContent = texts.copyDiagnostic;
  // The card is a live region already: what this says is announced.
  const said = doc.createElement("p");
  let box: HTMLTextAreaElement | null = null;
  const showBox = () => {
    said.textContent = texts.copyByHand;
    if (box === null) {
      box = doc.createElement("textarea");
      box.readOnly = true;
      box.value = text;
      box.setAttribute("aria-label", texts.diagnostic);
      said.after(box);
    }
    box.focus();
    box.select();
  };
  copy.addEventListener("click", () => {
    const clipboard = doc.defaultView?.navigator.clipboard;
    if (!clipboard) return showBox();
    clipboard.writeText(text).then(() => {
      said.textContent = texts.diagnosticCopied;
    }, showBox);
  });
  return [copy, said];
}
