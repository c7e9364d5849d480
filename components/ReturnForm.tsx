import { useId, useState } from "preact/hooks";
import type { ReturnItem } from "../lib/domain/types";
import type { MessageKey } from "../lib/i18n/catalog";
import { t } from "../lib/i18n/t";
import { formatNumber } from "./labels";
import { onEscape } from "./escape";
import { QuantityFields, quantityFieldId, readQuantities, type QuantityItem } from "./QuantityFields";
import { useFocusRequest } from "./use-focus-request";
import { markedOff } from "./ui/marked-off";

/**
 * Offered in the reason list; anything else is written in under "Other". The shop gets the
 * reason in the words the user chose it in, as it gets a reason written in.
 */
const REASONS: readonly MessageKey[] = [
  "trade_reasonDamaged",
  "trade_reasonWrongItem",
  "trade_reasonNotAsDescribed",
  "trade_reasonDoesNotFit",
  "trade_reasonNotNeeded",
  "trade_reasonTooLate",
];

const OTHER = "other";
/** The protocol's bound on a return reason (lib/protocol/commands.ts). */
const MAX_REASON = 500;

export interface ReturnFormProps {
  tradingId: string;
  /** What may still be returned, each with the most that may be (returnableItems, lib/domain/returnable.ts). */
  items: ReturnItem[];
  /** The request is on its way: the form waits. */
  sending: boolean;
  onSubmit: (items: ReturnItem[], reason: string) => void;
  onCancel: () => void;
}

interface Errors {
  quantities: (string | null)[];
  items: string | null;
  reason: string | null;
  other: string | null;
}

const NO_ERRORS: Errors = { quantities: [], items: null, reason: null, other: null };

/** Items and quantities to send back, and why (seed 002 claim 9); checked here before anything is sent. */
export function ReturnForm({ tradingId, items, sending, onSubmit, onCancel }: ReturnFormProps) {
  const id = useId();
  const [values, setValues] = useState<string[]>(() => items.map(() => "0"));
  const [reason, setReason] = useState("");
  const [other, setOther] = useState("");
  const [errors, setErrors] = useState<Errors>(NO_ERRORS);
  const setFocusId = useFocusRequest(items.length > 0 ? quantityFieldId(id, 0) : null);

  const quantityItems: QuantityItem[] = items.map((item) => ({
    name: item.name,
    max: item.quantity,
    hint: t("trade_upTo", formatNumber(item.quantity)),
  }));

  function submit(event: SubmitEvent) {
    event.preventDefault();
    if (sending) return;
    const read = readQuantities(values, quantityItems);
    const quantities = "quantities" in read ? read.quantities : null;
    const next: Errors = {
      quantities: "errors" in read ? read.errors : [],
      items: quantities !== null && quantities.every((quantity) => quantity === 0) ? t("trade_chooseItem") : null,
      reason: reason === "" ? t("trade_chooseReasonError") : null,
      other: reason === OTHER && other.trim() === "" ? t("trade_describeReasonError") : null,
    };
    setErrors(next);
    const firstBad = next.quantities.findIndex((error) => error !== null);
    const focus =
      firstBad >= 0
        ? quantityFieldId(id, firstBad)
        : next.items
          ? quantityFieldId(id, 0)
          : next.reason
            ? `${id}-reason`
            : next.other
              ? `${id}-other`
              : null;
    if (focus !== null || quantities === null) {
      setFocusId(focus);
      return;
    }
    const chosen = items
      .map((item, index) => ({ ...item, quantity: quantities[index] ?? 0 }))
      .filter((item) => item.quantity > 0);
    onSubmit(chosen, reason === OTHER ? other.trim() : reason);
  }

  const fieldError = (field: "reason" | "other") =>
    errors[field] && (
      <p id={`${id}-${field}-error`} class="field-error">
        {errors[field]}
      </p>
    );
  const invalid = (field: "reason" | "other") => ({
    "aria-invalid": errors[field] !== null,
    "aria-describedby": errors[field] ? `${id}-${field}-error` : undefined,
  });

  return (
    <form
      class="inline-form"
      aria-label={t("trade_returnFormLabel", tradingId)}
      onSubmit={submit}
      onKeyDown={onEscape(onCancel)}
      noValidate
    >
      {items.length === 0 ? (
        <p>{t("trade_allReturned")}</p>
      ) : (
        <>
          <QuantityFields
            idPrefix={id}
            legend={t("trade_itemsToReturn")}
            items={quantityItems}
            values={values}
            errors={errors.quantities}
            groupError={errors.items}
            onChange={(index, value) => setValues((current) => current.map((v, i) => (i === index ? value : v)))}
          />
          <div class="field">
            <label for={`${id}-reason`}>{t("trade_reason")}</label>
            <select id={`${id}-reason`} value={reason} onChange={(event) => setReason(event.currentTarget.value)} {...invalid("reason")}>
              <option value="">{t("trade_chooseReason")}</option>
              {REASONS.map((key) => (
                <option key={key} value={t(key)}>
                  {t(key)}
                </option>
              ))}
              <option value={OTHER}>{t("trade_reasonOther")}</option>
            </select>
            {fieldError("reason")}
          </div>
          {reason === OTHER && (
            <div class="field">
              <label for={`${id}-other`}>{t("trade_describeReason")}</label>
              <input
                id={`${id}-other`}
                type="text"
                maxLength={MAX_REASON}
                value={other}
                onInput={(event) => setOther(event.currentTarget.value)}
                {...invalid("other")}
              />
              {fieldError("other")}
            </div>
          )}
        </>
      )}
      <div class="form-actions">
        {items.length > 0 && (
          <button type="submit" class="button button-small button-primary" {...markedOff(sending)}>
            {sending ? t("trade_sending") : t("trade_sendReturn")}
          </button>
        )}
        <button type="button" class="button button-small" onClick={onCancel}>
          {t("trade_closeForm")}
        </button>
      </div>
    </form>
  );
}
