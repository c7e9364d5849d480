import type { LedgerShop } from "../lib/domain/views";
import { t } from "../lib/i18n/t";
import { waitLimitSchema, type WaitLimit } from "../lib/settings/schema";
import { textAround } from "./labels";

export interface WaitLimitDraft {
  /** As typed; "" is off. */
  days: string;
  autoCancelOrigins: string[];
}

const DAYS = waitLimitSchema.shape.days.unwrap();

export function waitLimitDraft(waitLimit: WaitLimit): WaitLimitDraft {
  return { days: waitLimit.days === null ? "" : String(waitLimit.days), autoCancelOrigins: waitLimit.autoCancelOrigins };
}

/** The wait limit as the settings store it, or why the days cannot be read. */
export function readWaitLimit(draft: WaitLimitDraft): { waitLimit: WaitLimit } | { error: string } {
  const text = draft.days.trim();
  const days = text === "" ? null : DAYS.safeParse(/^\d+$/.test(text) ? Number(text) : Number.NaN);
  if (days !== null && !days.success) return { error: t("settings_daysError", DAYS.minValue ?? "", DAYS.maxValue ?? "") };
  return { waitLimit: { days: days === null ? null : days.data, autoCancelOrigins: draft.autoCancelOrigins } };
}

export const waitDaysId = (idPrefix: string) => `${idPrefix}-wait-days`;

export interface WaitLimitFormProps {
  idPrefix: string;
  draft: WaitLimitDraft;
  error: string | null;
  /** The shops an automatic cancellation can be turned on for. */
  shops: LedgerShop[];
  onChange: (draft: WaitLimitDraft) => void;
}

/**
 * How long an order may stay open before it is flagged, and where it is then cancelled
 * without asking (seed 000 claim 6). Both are off until the user turns them on.
 */
export function WaitLimitForm({ idPrefix, draft, error, shops, onChange }: WaitLimitFormProps) {
  const id = `${idPrefix}-wait`;
  const daysId = waitDaysId(idPrefix);
  const toggle = (origin: string, on: boolean) =>
    onChange({
      ...draft,
      autoCancelOrigins: on
        ? [...draft.autoCancelOrigins, origin]
        : draft.autoCancelOrigins.filter((chosen) => chosen !== origin),
    });
  // The field sits inside the sentence, where the language puts it ("… longer than [ ] days", "[ ]日を超えて…").
  const [before, after] = textAround("settings_flagLonger").map((text) => text.trim());
  return (
    <section class="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t("settings_waitHeading")}</h2>
      <p>{t("settings_waitIntro")}</p>
      <div class="field field-inline">
        <label id={`${id}-before`} for={daysId}>
          {before}
        </label>
        <input
          id={daysId}
          type="number"
          inputmode="numeric"
          min={DAYS.minValue ?? undefined}
          max={DAYS.maxValue ?? undefined}
          step={1}
          value={draft.days}
          aria-labelledby={`${id}-before ${id}-unit`}
          aria-invalid={error !== null}
          aria-describedby={error ? `${daysId}-error` : `${id}-off`}
          onInput={(event) => onChange({ ...draft, days: event.currentTarget.value })}
        />
        <span id={`${id}-unit`}>{after}</span>
      </div>
      {error ? (
        <p id={`${daysId}-error`} class="field-error">
          {error}
        </p>
      ) : (
        <p id={`${id}-off`} class="muted hint">
          {t("settings_waitOff")}
        </p>
      )}
      {shops.length > 0 && (
        <fieldset class="checkboxes auto-cancel">
          <legend>{t("settings_whenPasses")}</legend>
          {shops.map((shop, index) => {
            const boxId = `${id}-cancel-${index}`;
            return (
              <div key={shop.origin} class="checkbox">
                <input
                  id={boxId}
                  type="checkbox"
                  checked={draft.autoCancelOrigins.includes(shop.origin)}
                  aria-describedby={`${boxId}-warning`}
                  onChange={(event) => toggle(shop.origin, event.currentTarget.checked)}
                />
                <label for={boxId}>{t("settings_autoCancel", shop.name)}</label>
                <span id={`${boxId}-warning`} class="checkbox-hint checkbox-warning">
                  {t("settings_autoCancelWarning", shop.name)}
                </span>
              </div>
            );
          })}
        </fieldset>
      )}
    </section>
  );
}
