import { browser } from "wxt/browser";

export interface PopupTimes {
  /** When the popup set each mark: ms from its navigation start. */
  marks: Record<string, number>;
  /** When the popup's navigation started: ms from the openPopup call, the browser's own work to show a popup. */
  startFromCall: number;
}

const MARK_TIMEOUT_MS = 30_000;
const CLOSE_TIMEOUT_MS = 10_000;

/** A page of this extension, whose globals this page reaches (same origin). */
type View = Window & typeof globalThis;

/** The marks' times in `view`'s timeline, as they are set: an observer, not a poll, which would run on the popup's own main thread. */
function marksOf(view: View, names: readonly string[]): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const found: Record<string, number> = {};
    // The popup's own PerformanceObserver: an observer sees only its own window's timeline.
    const observer = new view.PerformanceObserver((list) => {
      // A mark set twice counts from its first time.
      for (const entry of list.getEntries()) if (names.includes(entry.name)) found[entry.name] ??= entry.startTime;
      if (names.every((name) => name in found)) {
        clearTimeout(timer);
        observer.disconnect();
        resolve(found);
      }
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`The popup did not set ${names.filter((name) => !(name in found)).join(", ")} within ${MARK_TIMEOUT_MS} ms`));
    }, MARK_TIMEOUT_MS);
    observer.observe({ type: "mark", buffered: true });
  });
}

// The generated types give getViews the windows API's Window; it returns the pages' DOM windows.
const popupViews = () => browser.extension.getViews({ type: "popup" }) as unknown as View[];

async function closed(view: View): Promise<void> {
  view.close();
  const deadline = performance.now() + CLOSE_TIMEOUT_MS;
  // Outside the measured time: the next open needs this popup gone.
  while (popupViews().length > 0) {
    if (performance.now() > deadline) throw new Error(`The popup was still open ${CLOSE_TIMEOUT_MS} ms after closing it`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Opens the real popup, as the toolbar button does, and times it through its window, which this
 * page reaches as another page of the extension; then closes it and waits until it is gone. The
 * extension's pages share one renderer, so the wait for the marks must not poll.
 */
export async function openPopupTimed(markNames: readonly string[]): Promise<PopupTimes> {
  const calledAt = performance.now();
  await browser.action.openPopup();
  const view = popupViews()[0];
  if (view === undefined) throw new Error("action.openPopup resolved, but no popup is open");
  // Both clocks read in one task (the pages share a thread): where the popup's timeline starts in this page's.
  const popupStart = performance.now() - view.performance.now();
  try {
    return { marks: await marksOf(view, markNames), startFromCall: popupStart - calledAt };
  } finally {
    await closed(view);
  }
}
