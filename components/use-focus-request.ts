import { useEffect, useState } from "preact/hooks";

/**
 * Asks for an element to be focused by id. Focus moves only after the render that created the
 * element (a new row, an error to fix), so the request waits for that render.
 */
export function useFocusRequest(initial: string | null = null): (id: string | null) => void {
  const [focusId, setFocusId] = useState<string | null>(initial);
  useEffect(() => {
    if (focusId === null) return;
    document.getElementById(focusId)?.focus();
    setFocusId(null);
  }, [focusId]);
  return setFocusId;
}
