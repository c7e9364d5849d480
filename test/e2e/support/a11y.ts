import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

/** The rules axe-core checks: WCAG 2.0 and 2.1, A and AA, and its best practices. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface AxeResult {
  violations: { id: string; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[];
}
type AxeWindow = { axe?: { run(context: unknown, options: unknown): Promise<AxeResult> } };

/**
 * What axe-core finds on the page (or inside `scope`, a selector; open shadow roots included),
 * once in the light and once in the dark colour scheme: one readable line per element, naming
 * the scheme, the rule, the element and what to fix. Extension pages allow only their own
 * scripts; axe is evaluated through DevTools, which their CSP does not block.
 */
export async function axeViolations(page: Page, scope?: string): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    // Colours change with a transition: contrast is measured once they have settled.
    await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== "running"));
    if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
    const violations = await page.evaluate(
      async ({ tags, include }) => {
        const { axe } = window as unknown as AxeWindow;
        const context = include === null ? document : { include: [[include]] };
        const { violations } = await axe!.run(context, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
        return violations.flatMap((violation) =>
          violation.nodes.map((node) => {
            const summary = (node.failureSummary ?? "").replace(/\s+/g, " ").trim();
            return `${violation.id} at ${JSON.stringify(node.target)}: ${violation.help}. ${summary}`;
          }),
        );
      },
      { tags: AXE_TAGS, include: scope ?? null },
    );
    found.push(...violations.map((violation) => `${colorScheme}: ${violation}`));
  }
  await page.emulateMedia({ colorScheme: null });
  return found;
}

export interface Focused {
  /** The accessible name as the tests read it: aria-label, else its label, else its text. */
  name: string;
  tag: string;
  /** The name of the order card it is in ("Order TW-100001 at Reference Shop"), else "". */
  card: string;
  /** Whether the focus is drawn: an outline, or a box shadow that stands in for one. */
  drawn: boolean;
}

/** What has the keyboard focus (inside open shadow roots too), and whether the focus is drawn. */
export function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    let element = document.activeElement as HTMLElement | null;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement as HTMLElement;
    if (element === null || element === document.body) return { name: "", tag: "body", card: "", drawn: false };
    /** Its text without what is hidden from assistive technology (a sort arrow). */
    const visibleText = (from: HTMLElement) => {
      const copy = from.cloneNode(true) as HTMLElement;
      for (const hidden of copy.querySelectorAll("[aria-hidden=true]")) hidden.remove();
      return copy.textContent ?? "";
    };
    const labelledBy = element.getAttribute("aria-labelledby");
    const label =
      element.getAttribute("aria-label") ??
      (labelledBy ? document.getElementById(labelledBy)?.textContent : null) ??
      (element.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : null) ??
      element.closest("label")?.textContent ??
      visibleText(element);
    const style = getComputedStyle(element);
    // An invisible control over its pill (the popup's filters) shows its focus on the pill, the label around it.
    const shown = style.opacity === "0" ? getComputedStyle(element.closest("label") ?? element) : style;
    const drawn = (shown.outlineStyle !== "none" && shown.outlineWidth !== "0px") || shown.boxShadow !== "none";
    const card = element.closest("article")?.getAttribute("aria-label") ?? "";
    return { name: label.replace(/\s+/g, " ").trim(), tag: element.tagName.toLowerCase(), card, drawn };
  });
}

/** A tab stop by its name, or any test of what is focused. */
export type Stop = string | RegExp | ((now: Focused) => boolean);

const isStop = (stop: Stop, now: Focused) =>
  typeof stop === "string" ? now.name === stop : stop instanceof RegExp ? stop.test(now.name) : stop(now);

/**
 * Presses Tab (or Shift+Tab) until the focus is on `stop`; every stop on the way must draw its
 * focus. Returns the names of the stops, the last one included.
 */
export async function tabTo(page: Page, stop: Stop, { back = false, most = 120 } = {}): Promise<string[]> {
  const stops: string[] = [];
  for (let presses = 0; presses < most; presses++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const now = await focused(page);
    stops.push(now.name);
    if (!now.drawn) throw new Error(`The focus on "${now.name}" (${now.tag}) is not drawn; it came through ${stops.join(" → ")}`);
    if (isStop(stop, now)) return stops;
  }
  throw new Error(`Tab never reached ${String(stop)}; it went through ${stops.join(" → ")}`);
}
