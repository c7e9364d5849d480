import { browser } from "wxt/browser";

/** When the popup reached its marks: ms from its navigation start, and from the openPopup call. */
export interface PopupTimes {
  marks: Record<string, number>;
  /** From the openPopup call to the first mark: the browser's own work to show a popup included. */
  fromCall: number;
}

const MARK_TIMEOUT_MS = 30_000;

/** A page of this extension, whose globals this page reaches (same origin). */
type View = Window & typeof globalThis;

/** The marks' times in `view`'s timeline, as they are set: an observer, not a poll, which would run on the popup's own main thread. */
function marksOf(view: View, names: readonly string[]): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const found: Record<string, number> = {};
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`The popup did not set ${names.filter((name) => !(name in found)).join(", ")} within ${MARK_TIMEOUT_MS} ms`));
    }, MARK_TIMEOUT_MS);
    // The popup's own PerformanceObserver: an observer sees only its own window's timeline.
    const observer = new view.PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (names.includes(entry.name)) found[entry.name] = entry.startTime;
      if (names.every((name) => name in found)) {
        clearTimeout(timer);
        observer.disconnect();
        resolve(found);
      }
    });
    observer.observe({ type: "mark", buffered: true });
  });
}

// The generated types give getViews the windows API's Window; it returns the pages' DOM windows.
const popupViews = () => browser.extension.getViews({ type: "popup" }) as unknown as View[];

/**
 * Opens the real popup, as the toolbar button does, and times it through its window, which this
 * page reaches as another page of the extension; then closes it and waits until it is gone. The
 * extension's pages share one renderer, so the wait for the marks must not poll.
 */
export async function openPopupTimed(markNames: readonly string[]): Promise<PopupTimes> {
  const calledAt = performance.timeOrigin + performance.now();
  await browser.action.openPopup();
  const view = popupViews()[0];
  if (view === undefined) throw new Error("action.openPopup resolved, but no popup is open");
  try {
    const marks = await marksOf(view, markNames);
    return { marks, fromCall: view.performance.timeOrigin + Math.min(...Object.values(marks)) - calledAt };
  } finally {
    view.close();
    while (popupViews().length > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
