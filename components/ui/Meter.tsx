import type { ComponentChildren } from "preact";
import { useId } from "preact/hooks";

export interface MeterProps {
  /** The visible label; it names the meter for assistive technology too. */
  label: ComponentChildren;
  value: number;
  max: number;
  /** The value in words for screen readers ("€93.73 of €300.00"), when the number alone would not say it. */
  valueText?: string;
  /**
   * Past the maximum: the bar is drawn striped as well as red, and the caption (which the caller
   * words, e.g. an alert) says so, so the state never rests on colour alone.
   */
  over?: boolean;
  /** Shown under the bar: what is left, or what went wrong. */
  children?: ComponentChildren;
}

/**
 * A native `<meter>` (role meter, with its minimum, maximum and value) under its label. Below half
 * the maximum it is calm, amber up to four fifths, red beyond: the native regions, with optimum 0.
 */
export function Meter({ label, value, max, valueText, over = false, children }: MeterProps) {
  const id = useId();
  return (
    <div class={over ? "meter meter-over" : "meter"}>
      <label class="meter-label" for={id}>
        {label}
      </label>
      <meter id={id} min={0} max={max} value={value} low={max / 2} high={(max * 4) / 5} optimum={0} aria-valuetext={valueText} />
      {children !== undefined && <div class="meter-caption">{children}</div>}
    </div>
  );
}
