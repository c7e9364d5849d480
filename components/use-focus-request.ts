import { useLayoutEffect, useState } from "preact/hooks";

/**
 * Asks for an element to be focused by id, or the first of several ids that is on the page (the
 * heading of what an action started, else the button it started from). Focus moves only after
 * the render that created the element (a new row, an error to fix), so the request waits for
 * that render; it moves before the frame is painted, in a layout effect: an effect, a frame
 * later, could take the focus from a field the user had already clicked into, and send their
 * typing to another one.
 */
export function useFocusRequest(initial: string | null = null): (ids: string | readonly string[] | null) => void {
  const [focusIds, setFocusIds] = useState<string | readonly string[] | null>(initial);
  useLayoutEffect(() => {
    if (focusIds === null) return;
    const ids = typeof focusIds === "string" ? [focusIds] : focusIds;
    ids.map((id) => document.getElementById(id)).find((element) => element !== null)?.focus();
    setFocusIds(null);
  }, [focusIds]);
  return setFocusIds;
}
