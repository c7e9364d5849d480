/**
 * `npm run screenshots`: the README's screenshots, regenerated from the end-to-end setup so they
 * show what TradeWatch really shows. Builds the loopback extension into .output-screenshots,
 * starts two reference shops, opens Chromium with TradeWatch, stages a ledger with warnings
 * (test/e2e/support/scenes.ts) and writes docs/screenshots/*.png at device scale factor 2.
 */
import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";

const OUT_DIR = ".output-screenshots";
const SHOTS = "docs/screenshots";
/** Fixed ports: a shop's address shows in the options and the history, so it must not change between runs. */
const PORTS = { shop: 4121, payment: 4122, delivery: 4123 };
const SECOND_PORTS = { shop: 4124, payment: 4125, delivery: 4126 };
type Size = { width: number; height: number };
const CONFIRMATION: Size = { width: 960, height: 600 };
/** Chromium's largest popup; the popup is as wide as its content asks, at most this. */
const POPUP_MAX: Size = { width: 800, height: 600 };
const OPTIONS: Size = { width: 960, height: 1200 };
const HISTORY: Size = { width: 1100, height: 1000 };
/** Space kept around a page's column of sections. */
const MARGIN = 24;

type Clip = { x: number; y: number; width: number; height: number };
interface Camera {
  shoot(name: string, clip: Clip): Promise<void>;
  /** The page as it is, then with the dark colour scheme, measured again as the layout may differ. */
  shootLightAndDark(name: string, clip: () => Promise<Clip>): Promise<void>;
}

const started = Date.now();
// The harness reads where the build is when it is loaded, hence the imports after this line.
process.env.TRADEWATCH_OUT_DIR = OUT_DIR;
console.log(`Building the loopback extension into ${OUT_DIR}…`);
execFileSync("npx", ["wxt", "build"], { stdio: "inherit", env: { ...process.env, TRADEWATCH_LOOPBACK: "1" } });
const { startHarness } = await import("../test/e2e/support/harness");
const { stageShowcase } = await import("../test/e2e/support/scenes");

await mkdir(SHOTS, { recursive: true });
const written: string[] = [];
const h = await startHarness({ ports: PORTS, second: { ports: SECOND_PORTS } });
try {
  const scene = await stageShowcase(h);

  const confirmation = await frame(scene.confirmation, CONFIRMATION);
  await confirmation.shoot("badge", around(await box(scene.confirmation.locator("#tradewatch-badge")), CONFIRMATION));
  await scene.popup.close();

  const popupPage = await h.openPopup();
  await popupPage.getByRole("alert").filter({ hasText: scene.overcharged }).waitFor();
  await popupPage.getByRole("alert").filter({ hasText: "limit" }).waitFor();
  const popup = await frame(popupPage, await popupSize(popupPage));
  await popup.shootLightAndDark("popup", () => bodyClip(popupPage, POPUP_MAX.height));

  const optionsPage = await h.browser.openExtensionPage("options.html");
  const options = await frame(optionsPage, OPTIONS);
  await optionsPage.getByLabel("Limit in EUR").waitFor();
  await options.shoot("options", await wholeSectionsClip(optionsPage, OPTIONS));

  const historyPage = await h.browser.openExtensionPage("order-history.html");
  const history = await frame(historyPage, HISTORY);
  // The header row and the three finished orders.
  await historyPage.getByRole("table").getByRole("row").nth(3).waitFor();
  await history.shootLightAndDark("history", () => bodyClip(historyPage, HISTORY.height));
} finally {
  await h.close();
}
for (const path of written) console.log(`wrote ${path}`);
console.log(`Done in ${Math.round((Date.now() - started) / 1000)} s.`);

/** A page in a fixed viewport at device scale factor 2, light, without motion, and what photographs it. */
async function frame(page: Page, size: Size): Promise<Camera> {
  await page.setViewportSize(size);
  // The harness's context has scale factor 1 and Playwright has no per-page one: override it for this page, and
  // capture through the same session, as Playwright's own screenshots come out at the context's scale.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setDeviceMetricsOverride", { ...size, deviceScaleFactor: 2, mobile: false });
  await page.emulateMedia({ colorScheme: "light", reducedMotion: "reduce" });
  const shoot = async (name: string, clip: Clip) => {
    await animationsDone(page);
    const { data } = await cdp.send("Page.captureScreenshot", { format: "png", clip: { ...clip, scale: 1 } });
    const path = join(SHOTS, `${name}.png`);
    await writeFile(path, Buffer.from(data, "base64"));
    written.push(path);
  };
  return {
    shoot,
    async shootLightAndDark(name, clip) {
      await shoot(name, await clip());
      await page.emulateMedia({ colorScheme: "dark" });
      await shoot(`${name}-dark`, await clip());
    },
  };
}

/** Finite animations (an entrance, a fade) run to their end; reduced motion may not stop those started before it. */
async function animationsDone(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const finite = document.getAnimations().filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity);
    // A cancelled animation is over too.
    await Promise.allSettled(finite.map((animation) => animation.finished));
  });
}

/** The size Chromium gives the toolbar popup: its content's width, up to 800×600. */
async function popupSize(page: Page): Promise<Size> {
  await page.setViewportSize(POPUP_MAX);
  const content = await box(page.locator("#app > *").first());
  return { width: Math.min(POPUP_MAX.width, Math.ceil(content.width)), height: POPUP_MAX.height };
}

async function box(locator: Locator): Promise<Clip> {
  const found = await locator.boundingBox();
  if (found === null) throw new Error(`${locator.toString()} is not on screen`);
  return found;
}

/** The page's body as far as the viewport shows it (a popup scrolls beyond its height). */
async function bodyClip(page: Page, maxHeight: number): Promise<Clip> {
  const body = await box(page.locator("body"));
  return { x: 0, y: 0, width: body.width, height: Math.min(body.height, maxHeight) };
}

/**
 * The page's column of sections from the top down to the last section that ends within
 * the viewport, with a margin: no section cut in half, no empty sides.
 */
async function wholeSectionsClip(page: Page, viewport: Size): Promise<Clip> {
  const boxes = (
    await page.locator("section").evaluateAll((sections) =>
      sections.map((section) => {
        const { top, bottom, left, right, width } = section.getBoundingClientRect();
        return { top, bottom, left, right, width };
      }),
    )
  ).filter((section) => section.width > 0);
  const fitting = boxes.filter((section) => section.bottom + MARGIN <= viewport.height);
  if (fitting.length === 0) return bodyClip(page, viewport.height);
  const bottom = Math.max(...fitting.map((section) => section.bottom));
  // Stop before the next section begins, when it begins within the margin.
  const end = Math.min(bottom + MARGIN, ...boxes.filter((section) => section.top > bottom).map((section) => section.top));
  const left = Math.max(0, Math.min(...fitting.map((section) => section.left)) - MARGIN);
  const right = Math.min(viewport.width, Math.max(...fitting.map((section) => section.right)) + MARGIN);
  return { x: left, y: 0, width: right - left, height: end };
}

/** The badge with the page around it, within the viewport. */
function around(badge: Clip, viewport: Size): Clip {
  const x = Math.max(0, badge.x - 600);
  const y = Math.max(0, badge.y - 480);
  const right = Math.min(viewport.width, badge.x + badge.width + 16);
  const bottom = Math.min(viewport.height, badge.y + badge.height + 16);
  return { x, y, width: right - x, height: bottom - y };
}
