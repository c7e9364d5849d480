import { t } from "../lib/i18n/t";
import { formatNumber } from "./labels";

export interface QuantityItem {
  name: string;
  /** The most the user may choose. */
  max: number;
  /** Said after the name, e.g. "up to 3" or "ordered 3". */
  hint: string;
}

export interface QuantityFieldsProps {
  /** Prefix of the inputs' ids; input `i` is `${idPrefix}-${i}`. */
  idPrefix: string;
  legend: string;
  items: QuantityItem[];
  values: string[];
  errors: (string | null)[];
  /** About the list as a whole ("Choose at least one item"). */
  groupError: string | null;
  onChange: (index: number, value: string) => void;
}

export const quantityFieldId = (idPrefix: string, index: number) => `${idPrefix}-${index}`;

/**
 * Reads each quantity as a whole number from 0 to its item's max. The quantities come back
 * only when all are valid; otherwise one message per invalid field (null where it is fine).
 */
export function readQuantities(
  values: string[],
  items: QuantityItem[],
): { quantities: number[] } | { errors: (string | null)[] } {
  const quantities = values.map((value) => (/^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN));
  const errors = quantities.map((quantity, index) => {
    const max = items[index]?.max ?? 0;
    return quantity >= 0 && quantity <= max ? null : t("trade_wholeNumber", formatNumber(max));
  });
  return errors.some((error) => error !== null) ? { errors } : { quantities };
}

/**
 * A list of items, each with a labelled quantity field and its own error. The error about the
 * list as a whole describes every field, as the focus goes to a field, not to the list.
 */
export function QuantityFields({ idPrefix, legend, items, values, errors, groupError, onChange }: QuantityFieldsProps) {
  const groupErrorId = `${idPrefix}-group-error`;
  return (
    <fieldset class="quantity-fields">
      <legend>{legend}</legend>
      <ul>
        {items.map((item, index) => {
          const id = quantityFieldId(idPrefix, index);
          const error = errors[index] ?? null;
          const described = [error ? `${id}-error` : null, groupError ? groupErrorId : null].filter((each) => each !== null);
          return (
            <li key={id} class="quantity-field">
              <label for={id}>
                {item.name} <span class="muted">({item.hint})</span>
              </label>
              <input
                id={id}
                type="number"
                inputmode="numeric"
                min={0}
                max={item.max}
                step={1}
                value={values[index] ?? ""}
                aria-invalid={error !== null}
                aria-describedby={described.length > 0 ? described.join(" ") : undefined}
                onInput={(event) => onChange(index, event.currentTarget.value)}
              />
              {error && (
                <p id={`${id}-error`} class="field-error">
                  {error}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      {groupError && (
        <p id={groupErrorId} class="field-error">
          {groupError}
        </p>
      )}
    </fieldset>
  );
}
