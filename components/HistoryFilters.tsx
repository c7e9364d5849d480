import { useId } from "preact/hooks";
import { FINISHED_STATES, type FinishedState, type HistoryQuery, type HistorySort } from "../lib/domain/history-search";
import { hostOf } from "../lib/domain/limits";
import type { LedgerShop } from "../lib/domain/views";
import { t } from "../lib/i18n/t";
import { amountText, readAmount } from "./amount-text";
import { tradeStateLabel } from "./labels";

/** The search form as typed: text fields stay text until read, so a half-typed amount is kept as it is. */
export interface HistoryForm {
  /** YYYY-MM-DD from a date field, "" for no bound. */
  from: string;
  to: string;
  /** "" for all shops. */
  shopOrigin: string;
  states: FinishedState[];
  /** "" for any currency. */
  currency: string;
  minAmount: string;
  maxAmount: string;
  text: string;
}

export const EMPTY_HISTORY_FORM: HistoryForm = {
  from: "",
  to: "",
  shopOrigin: "",
  states: [],
  currency: "",
  minAmount: "",
  maxAmount: "",
  text: "",
};

export interface HistoryFormErrors {
  to?: string;
  minAmount?: string;
  maxAmount?: string;
}

/**
 * The query the form describes, and what is wrong in it. A field in error adds no condition
 * (the others still apply), so the list never empties because of a typo.
 */
export function readHistoryForm(form: HistoryForm, sort: HistorySort): { query: HistoryQuery; errors: HistoryFormErrors } {
  const errors: HistoryFormErrors = {};
  const currency = form.currency === "" ? null : form.currency;
  const amount = (field: "minAmount" | "maxAmount"): number | null => {
    const text = form[field].trim();
    if (currency === null || text === "") return null;
    const minor = readAmount(text, currency);
    if (minor === null) errors[field] = t("history_amountError", currency, amountText(1999, currency));
    return minor;
  };
  const minAmount = amount("minAmount");
  let maxAmount = amount("maxAmount");
  if (minAmount !== null && maxAmount !== null && maxAmount < minAmount) {
    errors.maxAmount = t("history_maxBelowMin");
    maxAmount = null;
  }
  let to = form.to === "" ? null : form.to;
  const from = form.from === "" ? null : form.from;
  if (from !== null && to !== null && to < from) {
    errors.to = t("history_toBeforeFrom");
    to = null;
  }
  const query: HistoryQuery = {
    from,
    to,
    shopOrigin: form.shopOrigin === "" ? null : form.shopOrigin,
    states: form.states,
    currency,
    minAmount,
    maxAmount,
    text: form.text,
    sort,
  };
  return { query, errors };
}

export interface HistoryFiltersProps {
  form: HistoryForm;
  errors: HistoryFormErrors;
  shops: LedgerShop[];
  currencies: string[];
  onChange: (change: Partial<HistoryForm>) => void;
  onClear: () => void;
}

/** The labelled search form; every change applies at once (there is nothing to submit). */
export function HistoryFilters({ form, errors, shops, currencies, onChange, onClear }: HistoryFiltersProps) {
  const id = useId();
  const amountHintId = `${id}-amount-hint`;
  const noCurrency = form.currency === "";

  /** aria-invalid and aria-describedby for a field, pointing at its error (and any hint) when it has one. */
  const described = (field: keyof HistoryFormErrors, hint?: string) => {
    const ids = [hint, errors[field] ? `${id}-${field}-error` : undefined].filter(Boolean).join(" ");
    return { "aria-invalid": errors[field] !== undefined, "aria-describedby": ids || undefined };
  };
  const fieldError = (field: keyof HistoryFormErrors) =>
    errors[field] && (
      <p id={`${id}-${field}-error`} class="field-error">
        {errors[field]}
      </p>
    );

  const toggleState = (state: FinishedState, checked: boolean) =>
    onChange({ states: FINISHED_STATES.filter((s) => (s === state ? checked : form.states.includes(s))) });

  return (
    <form class="panel history-form" role="search" aria-labelledby={`${id}-title`} onSubmit={(event) => event.preventDefault()}>
      <h2 id={`${id}-title`}>{t("history_search")}</h2>
      <div class="history-fields">
        <div class="field">
          <label for={`${id}-text`}>{t("history_text")}</label>
          <input
            id={`${id}-text`}
            type="search"
            autocomplete="off"
            value={form.text}
            onInput={(event) => onChange({ text: event.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for={`${id}-from`}>{t("history_from")}</label>
          <input
            id={`${id}-from`}
            type="date"
            value={form.from}
            max={form.to || undefined}
            onInput={(event) => onChange({ from: event.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for={`${id}-to`}>{t("history_to")}</label>
          <input
            id={`${id}-to`}
            type="date"
            value={form.to}
            min={form.from || undefined}
            onInput={(event) => onChange({ to: event.currentTarget.value })}
            {...described("to")}
          />
          {fieldError("to")}
        </div>
        <div class="field">
          <label for={`${id}-shop`}>{t("settings_shop")}</label>
          <select id={`${id}-shop`} value={form.shopOrigin} onChange={(event) => onChange({ shopOrigin: event.currentTarget.value })}>
            <option value="">{t("limit_allShops")}</option>
            {shops.map((shop) => (
              <option key={shop.origin} value={shop.origin}>
                {t("settings_shopChoice", shop.name, hostOf(shop.origin))}
              </option>
            ))}
          </select>
        </div>
        <fieldset class="checkboxes">
          <legend>{t("history_state")}</legend>
          {FINISHED_STATES.map((state) => (
            <div key={state} class="checkbox">
              <input
                id={`${id}-state-${state}`}
                type="checkbox"
                checked={form.states.includes(state)}
                onChange={(event) => toggleState(state, event.currentTarget.checked)}
              />
              <label for={`${id}-state-${state}`}>{tradeStateLabel(state)}</label>
            </div>
          ))}
          <p class="muted checkbox-hint">{t("history_noneTicked")}</p>
        </fieldset>
        <fieldset class="history-total">
          <legend>{t("history_total")}</legend>
          <div class="field">
            <label for={`${id}-currency`}>{t("settings_currency")}</label>
            <select id={`${id}-currency`} value={form.currency} onChange={(event) => onChange({ currency: event.currentTarget.value })}>
              <option value="">{t("history_anyCurrency")}</option>
              {currencies.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for={`${id}-min`}>{t("history_atLeast")}</label>
            <input
              id={`${id}-min`}
              type="text"
              inputmode="decimal"
              autocomplete="off"
              value={form.minAmount}
              disabled={noCurrency}
              onInput={(event) => onChange({ minAmount: event.currentTarget.value })}
              {...described("minAmount", amountHintId)}
            />
            {fieldError("minAmount")}
          </div>
          <div class="field">
            <label for={`${id}-max`}>{t("history_atMost")}</label>
            <input
              id={`${id}-max`}
              type="text"
              inputmode="decimal"
              autocomplete="off"
              value={form.maxAmount}
              disabled={noCurrency}
              onInput={(event) => onChange({ maxAmount: event.currentTarget.value })}
              {...described("maxAmount", amountHintId)}
            />
            {fieldError("maxAmount")}
          </div>
          <p id={amountHintId} class="muted hint">
            {noCurrency ? t("history_chooseCurrency") : t("history_totalsIn", form.currency)}
          </p>
        </fieldset>
      </div>
      <div class="form-actions">
        <button type="button" class="button" onClick={onClear}>
          {t("history_clear")}
        </button>
      </div>
    </form>
  );
}
