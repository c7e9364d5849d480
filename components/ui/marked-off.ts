/**
 * The one way a control is put out of use while something runs. `disabled` would drop the
 * keyboard focus (and a screen reader's place) in real browsers, so the control stays
 * focusable, says it is unavailable, and its click does nothing: no handler runs, a submit
 * button submits nothing, a file input opens no file chooser.
 */
export function markedOff(off: boolean, onClick?: (event: MouseEvent) => void) {
  return {
    "aria-disabled": off || undefined,
    onClick: (event: MouseEvent) => {
      if (off) event.preventDefault();
      else onClick?.(event);
    },
  };
}
