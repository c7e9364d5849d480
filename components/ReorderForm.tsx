import { useId, useState } from "preact/hooks";
import { linesOf } from "../lib/domain/order-lines";
import { MAX_REORDER_QUANTITY, reorderItems } from "../lib/domain/reorder";
import type { ReturnItem, Trade } from "../lib/domain/types";
import { t } from "../lib/i18n/t";
import { uiLanguage } from "../lib/i18n/ui-language";
import { formatNumber } from "./labels";
import { onEscape } from "./escape";
import { QuantityFields, quantityFieldId, readQuantities, type QuantityItem } from "./QuantityFields";
import { useFocusRequest } from "./use-focus-request";
import { markedOff } from "./ui/marked-off";

export interface ReorderFormProps {
  trade: Trade;
  /** The order is on its way: the form waits. */
  sending: boolean;
  onSubmit: (items: ReturnItem[]) => void;
  onCancel: () => void;
}

/** Order (part of) a trade's items again (seed 002 claim 10): the original quantities to start with, any of them changed. */
export function ReorderForm({ trade, sending, onSubmit, onCancel }: ReorderFormProps) {
  const id = useId();
  // One line per item, as reorderItems matches them (an item listed twice on the page counts once).
  const items = linesOf(trade.info.items);
  const [values, setValues] = useState<string[]>(() => items.map((item) => String(item.quantity)));
  const [errors, setErrors] = useState<(string | null)[]>([]);
  const [groupError, setGroupError] = useState<string | null>(null);
  const setFocusId = useFocusRequest(quantityFieldId(id, 0));

  const quantityItems: QuantityItem[] = items.map((item) => ({
    name: item.name,
    max: MAX_REORDER_QUANTITY,
    hint: t("trade_orderedCount", formatNumber(item.quantity)),
  }));

  function submit(event: SubmitEvent) {
    event.preventDefault();
    if (sending) return;
    const read = readQuantities(values, quantityItems);
    if ("errors" in read) {
      setErrors(read.errors);
      setGroupError(null);
      setFocusId(quantityFieldId(id, read.errors.findIndex((error) => error !== null)));
      return;
    }
    setErrors([]);
    const picks = items
      .map((item, index) => ({ sku: item.sku, name: item.name, quantity: read.quantities[index] ?? 0 }))
      .filter((pick) => pick.quantity > 0);
    const picked = reorderItems(trade, picks, uiLanguage());
    if ("error" in picked) {
      setGroupError(picked.error);
      setFocusId(quantityFieldId(id, 0));
      return;
    }
    setGroupError(null);
    onSubmit(picked);
  }

  return (
    <form
      class="inline-form"
      aria-label={t("trade_reorderFormLabel", trade.info.tradingId)}
      onSubmit={submit}
      onKeyDown={onEscape(onCancel)}
      noValidate
    >
      <QuantityFields
        idPrefix={id}
        legend={t("trade_itemsToReorder")}
        items={quantityItems}
        values={values}
        errors={errors}
        groupError={groupError}
        onChange={(index, value) => setValues((current) => current.map((v, i) => (i === index ? value : v)))}
      />
      <div class="form-actions">
        <button type="submit" class="button button-small button-primary" {...markedOff(sending)}>
          {sending ? t("trade_ordering") : t("trade_orderAgain")}
        </button>
        <button type="button" class="button button-small" onClick={onCancel}>
          {t("trade_closeForm")}
        </button>
      </div>
    </form>
  );
}
