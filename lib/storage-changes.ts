import { browser } from "wxt/browser";

/**
 * Follows one key of `browser.storage.local`. Each new value is checked by `read` (which may
 * first load its schema, so checks can finish out of order) and what it accepts goes to
 * `listener`, newest only: a value checked after a newer one was reported is dropped, as is
 * any value still being checked when the returned function stops following.
 */
export function onStoredValueChanged<T>(
  key: string,
  read: (stored: unknown) => Promise<T | undefined>,
  listener: (value: T) => void,
): () => void {
  let following = true;
  let changes = 0;
  let reported = 0;
  const handler = (changed: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== "local" || !(key in changed)) return;
    const change = ++changes;
    void read(changed[key]?.newValue).then((value) => {
      if (!following || value === undefined || change < reported) return;
      reported = change;
      listener(value);
    });
  };
  browser.storage.onChanged.addListener(handler);
  return () => {
    following = false;
    browser.storage.onChanged.removeListener(handler);
  };
}
