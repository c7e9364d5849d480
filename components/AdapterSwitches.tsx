import { ADAPTER_IDS, ADAPTER_NAMES, type AdapterId } from "../lib/capture/adapters/types";
import { t } from "../lib/i18n/t";

export interface AdapterSwitchesProps {
  idPrefix: string;
  disabled: AdapterId[];
  onChange: (disabled: AdapterId[]) => void;
}

/** One switch per kind of shop page TradeWatch can read; a switched-off adapter reads nothing. */
export function AdapterSwitches({ idPrefix, disabled, onChange }: AdapterSwitchesProps) {
  const id = `${idPrefix}-adapters`;
  const toggle = (adapter: AdapterId, on: boolean) =>
    onChange(on ? disabled.filter((each) => each !== adapter) : [...disabled, adapter]);
  return (
    <section class="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t("settings_shopPages")}</h2>
      <fieldset class="checkboxes">
        <legend>{t("settings_readFrom")}</legend>
        {ADAPTER_IDS.map((adapter) => (
          <div key={adapter} class="checkbox">
            <input
              id={`${id}-${adapter}`}
              type="checkbox"
              checked={!disabled.includes(adapter)}
              onChange={(event) => toggle(adapter, event.currentTarget.checked)}
            />
            <label for={`${id}-${adapter}`}>{ADAPTER_NAMES[adapter]}</label>
          </div>
        ))}
      </fieldset>
    </section>
  );
}
