import type { LedgerShop } from "../lib/domain/views";
import { waitLimitSchema, type WaitLimit } from "../lib/settings/schema";

export interface WaitLimitDraft {
  /** As typed; "" is off. */
  days: string;
  autoCancelOrigins: string[];
}

const DAYS = waitLimitSchema.shape.days.unwrap();
const DAYS_ERROR = `Enter a whole number of days from ${DAYS.minValue} to ${DAYS.maxValue}, or leave it empty.`;

export function waitLimitDraft(waitLimit: WaitLimit): WaitLimitDraft {
  return { days: waitLimit.days === null ? "" : String(waitLimit.days), autoCancelOrigins: waitLimit.autoCancelOrigins };
}

/** The wait limit as the settings store it, or why the days cannot be read. */
export function readWaitLimit(draft: WaitLimitDraft): { waitLimit: WaitLimit } | { error: string } {
  const text = draft.days.trim();
  const days = text === "" ? null : DAYS.safeParse(/^\d+$/.test(text) ? Number(text) : Number.NaN);
  if (days !== null && !days.success) return { error: DAYS_ERROR };
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
  return (
    <section class="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Orders that stay open</h2>
      <p>
        An order is open until it is completed (delivered and paid, or confirmed) or cancelled. One that stays open
        longer than your limit is flagged on its card.
      </p>
      <div class="field field-inline">
        <label id={`${id}-before`} for={daysId}>
          Flag orders open longer than
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
        <span id={`${id}-unit`}>days</span>
      </div>
      {error ? (
        <p id={`${daysId}-error`} class="field-error">
          {error}
        </p>
      ) : (
        <p id={`${id}-off`} class="muted hint">
          Leave it empty to never flag an order.
        </p>
      )}
      {shops.length > 0 && (
        <fieldset class="checkboxes auto-cancel">
          <legend>When the limit passes</legend>
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
                <label for={boxId}>Cancel automatically at {shop.name} when the limit passes</label>
                <span id={`${boxId}-warning`} class="checkbox-hint checkbox-warning">
                  This sends a cancellation to {shop.name} without asking you first.
                </span>
              </div>
            );
          })}
        </fieldset>
      )}
    </section>
  );
}
