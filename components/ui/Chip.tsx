import type { ComponentChildren } from "preact";

/**
 * How a chip is styled. The words inside always carry the meaning; the tone (colour and a small
 * mark before the words) only repeats it. "done", "progress", "attention" and "none" are the
 * status tones of components/labels.ts.
 */
export type Tone = "done" | "progress" | "attention" | "warning" | "none";

export interface ChipProps {
  tone: Tone;
  children: ComponentChildren;
}

/** A small rounded status label: "Delivered", "Completed", "Over the limit". */
export function Chip({ tone, children }: ChipProps) {
  return <span class={`chip chip-${tone}`}>{children}</span>;
}
