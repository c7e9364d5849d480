/**
 * A keydown handler that runs `close` on Escape: the way out of a form or a question opened in
 * place. The innermost one wins (it marks the key as handled); a native control that used the
 * key itself (an open select) has already marked it.
 */
export function onEscape(close: () => void): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    event.preventDefault();
    close();
  };
}
