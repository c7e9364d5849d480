import { useLayoutEffect, useState } from "preact/hooks";

/**
 * Asks for an element to be focused by id. Focus moves only after the render that created the
 * element (a new row, an error to fix), so the request waits for that render; it moves before
 * the frame is painted, in a layout effect: an effect, a frame later, could take the focus from
 * a field the user had already clicked into, and send their typing to another one.
 */
export function useFocusRequest(initial: string | null = null): (id: string | null) => void {
  const [focusId, setFocusId] = useState<string | null>(initial);
  useLayoutEffect(() => {
    if (focusId === null) return;
    document.getElementById(focusId)?.focus();
    setFocusId(null);
  }, [focusId]);
  return setFocusId;
}
