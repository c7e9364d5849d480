import { useEffect, useId, useRef, useState } from "preact/hooks";
import { decimalToMinor, isCurrencyCode, minorDigits, minorToDecimal } from "../lib/domain/money";
import type { Money } from "../lib/domain/types";
import "./styles.css";

export interface OptionsProps {
  limits: Money[];
  onSave: (limits: Money[]) => Promise<void>;
}

export const COMMON_CURRENCIES = ["EUR", "USD", "GBP", "JPY", "CHF", "CAD", "AUD", "SEK", "NOK", "DKK", "PLN", "CZK"];

interface Row {
  /** Stable identity for keys and element ids while rows are added and removed. */
  key: number;
  currency: string;
  amount: string;
}

interface RowErrors {
  currency?: string;
  amount?: string;
}

type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "saved" } | { kind: "failed"; message: string };

function amountExample(currency: string): string {
  const digits = minorDigits(currency);
  return digits === 0 ? "500" : `500 or 499.${"9".repeat(digits)}`;
}

function parseAmount(row: Row): { minor: number } | { error: string } {
  if (row.amount.trim() === "") return { error: "Enter an amount." };
  const minor = decimalToMinor(row.amount, row.currency);
  if (minor === null) return { error: `Enter a plain number such as ${amountExample(row.currency)}.` };
  if (minor < 0) return { error: "A limit cannot be below zero." };
  return { minor };
}

/** Checks every row; the limits come back only when all of them are valid. */
function validate(rows: Row[]): { limits: Money[] } | { errors: Map<number, RowErrors> } {
  const errors = new Map<number, RowErrors>();
  const limits: Money[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const known = isCurrencyCode(row.currency);
    // Limits are never converted across currencies, so two for one currency would contradict each other.
    const currency = !known
      ? "Choose a currency."
      : seen.has(row.currency)
        ? `There is already a limit for ${row.currency}.`
        : undefined;
    seen.add(row.currency);
    // The decimals an amount may have depend on its currency, so it is read only for a known one.
    const parsed = known ? parseAmount(row) : null;
    const amount = parsed !== null && "error" in parsed ? parsed.error : undefined;
    if (currency !== undefined || amount !== undefined) errors.set(row.key, { currency, amount });
    else if (parsed !== null && "minor" in parsed) limits.push({ currency: row.currency, minor: parsed.minor });
  }
  return errors.size > 0 ? { errors } : { limits };
}

/** The options page: spending limits per currency (claim 8). */
export function Options({ limits, onSave }: OptionsProps) {
  const baseId = useId();
  const nextKey = useRef(limits.length);
  const [rows, setRows] = useState<Row[]>(() =>
    limits.map((limit, key) => ({ key, currency: limit.currency, amount: minorToDecimal(limit.minor, limit.currency) })),
  );
  const [errors, setErrors] = useState<Map<number, RowErrors>>(new Map());
  const [save, setSave] = useState<SaveState>({ kind: "idle" });
  const [focusId, setFocusId] = useState<string | null>(null);

  // Focus moves only after the render that created the element (a new row, or an error to fix).
  useEffect(() => {
    if (focusId === null) return;
    document.getElementById(focusId)?.focus();
    setFocusId(null);
  }, [focusId]);

  const fieldId = (key: number, field: keyof RowErrors) => `${baseId}-${key}-${field}`;
  const currencies = [...new Set([...COMMON_CURRENCIES, ...limits.map((limit) => limit.currency)])];

  function edit(key: number, change: Partial<Row>) {
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...change } : row)));
    setSave({ kind: "idle" });
  }

  function add() {
    const used = new Set(rows.map((row) => row.currency));
    const key = nextKey.current++;
    const currency = currencies.find((code) => !used.has(code)) ?? "EUR";
    setRows([...rows, { key, currency, amount: "" }]);
    setSave({ kind: "idle" });
    setFocusId(fieldId(key, "amount"));
  }

  function remove(key: number) {
    setRows(rows.filter((row) => row.key !== key));
    setErrors((current) => new Map([...current].filter(([errorKey]) => errorKey !== key)));
    setSave({ kind: "idle" });
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (save.kind === "saving") return;
    const result = validate(rows);
    if ("errors" in result) {
      setErrors(result.errors);
      setSave({ kind: "idle" });
      const [firstKey, firstErrors] = [...result.errors][0] ?? [];
      if (firstKey !== undefined) setFocusId(fieldId(firstKey, firstErrors?.currency ? "currency" : "amount"));
      return;
    }
    setErrors(new Map());
    setSave({ kind: "saving" });
    try {
      await onSave(result.limits);
      setSave({ kind: "saved" });
    } catch (error) {
      setSave({ kind: "failed", message: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <main class="tw tw-options">
      <h1>TradeWatch options</h1>
      <section class="panel" aria-labelledby={`${baseId}-limits`}>
        <h2 id={`${baseId}-limits`}>Spending limits</h2>
        <p>TradeWatch warns you when the total of your orders not yet settled in a currency goes above its limit.</p>
        <form onSubmit={submit} noValidate>
          {rows.length === 0 ? (
            <p class="muted">No limits set.</p>
          ) : (
            <ul class="limit-rows">
              {rows.map((row) => {
                const rowErrors = errors.get(row.key) ?? {};
                return (
                  <li key={row.key} class="limit-row">
                    <div class="field">
                      <label for={fieldId(row.key, "currency")}>Currency</label>
                      <select
                        id={fieldId(row.key, "currency")}
                        value={row.currency}
                        onChange={(event) => edit(row.key, { currency: event.currentTarget.value })}
                        aria-invalid={rowErrors.currency !== undefined}
                        aria-describedby={rowErrors.currency ? `${fieldId(row.key, "currency")}-error` : undefined}
                      >
                        {currencies.map((code) => (
                          <option key={code} value={code}>
                            {code}
                          </option>
                        ))}
                      </select>
                      {rowErrors.currency && (
                        <p id={`${fieldId(row.key, "currency")}-error`} class="field-error">
                          {rowErrors.currency}
                        </p>
                      )}
                    </div>
                    <div class="field field-grow">
                      <label for={fieldId(row.key, "amount")}>Limit in {row.currency}</label>
                      <input
                        id={fieldId(row.key, "amount")}
                        type="text"
                        inputmode="decimal"
                        autocomplete="off"
                        value={row.amount}
                        onInput={(event) => edit(row.key, { amount: event.currentTarget.value })}
                        aria-invalid={rowErrors.amount !== undefined}
                        aria-describedby={rowErrors.amount ? `${fieldId(row.key, "amount")}-error` : undefined}
                      />
                      {rowErrors.amount && (
                        <p id={`${fieldId(row.key, "amount")}-error`} class="field-error">
                          {rowErrors.amount}
                        </p>
                      )}
                    </div>
                    <button type="button" class="button" onClick={() => remove(row.key)}>
                      Remove<span class="visually-hidden"> {row.currency} limit</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
          <div class="form-actions">
            <button type="button" class="button" onClick={add}>
              Add a limit
            </button>
            <button type="submit" class="button button-primary" disabled={save.kind === "saving"}>
              {save.kind === "saving" ? "Saving…" : "Save"}
            </button>
          </div>
          <p class="save-status" role="status">
            {save.kind === "saved" ? "Saved." : ""}
          </p>
          {save.kind === "failed" && (
            <p class="save-error" role="alert">
              Could not save: {save.message}
            </p>
          )}
        </form>
      </section>
    </main>
  );
}
