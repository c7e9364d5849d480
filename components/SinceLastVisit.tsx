import { useEffect, useId, useState } from "preact/hooks";
import { summariseChanges } from "../lib/domain/since";
import type { ChangeEntry } from "../lib/domain/types";
import { t } from "../lib/i18n/t";
import { uiLanguage } from "../lib/i18n/ui-language";
import { formatMoment } from "./dates";
import { changeKindLabel, formatNumber, LISTED_CHANGE_KINDS } from "./labels";

export interface UnseenChanges {
  /** Oldest first. */
  entries: ChangeEntry[];
  /** The newest change's seq: once shown, everything up to it counts as seen. */
  upTo: number;
}

export interface SinceLastVisitProps extends UnseenChanges {
  now: string;
  /** Called once the changes are on screen, so the next visit shows only newer ones. */
  onSeen: (upTo: number) => void;
}

/** "Since your last visit" (seed 000 claim 7): what changed while the popup was closed, grouped by kind, shown once. */
export function SinceLastVisit({ entries, upTo, now, onSeen }: SinceLastVisitProps) {
  const headingId = useId();
  const [dismissed, setDismissed] = useState(false);

  // Seen once displayed, not once dismissed: closing the popup without reading also counts as a visit.
  useEffect(() => {
    if (entries.length > 0) onSeen(upTo);
  }, [upTo]);

  if (dismissed || entries.length === 0) return null;
  const { counts, headline } = summariseChanges(entries, uiLanguage());
  const kinds = LISTED_CHANGE_KINDS.filter((kind) => counts[kind] > 0);
  return (
    <section class="panel since-last-visit" aria-labelledby={headingId}>
      <div class="panel-head">
        <h2 id={headingId}>{t("panel_sinceHeading")}</h2>
        <button type="button" class="link-button" onClick={() => setDismissed(true)} aria-label={t("panel_dismissSince")}>
          {t("panel_dismiss")}
        </button>
      </div>
      <p class="since-headline">{headline}</p>
      {kinds.map((kind) => {
        const ofKind = entries.filter((entry) => entry.kind === kind).reverse();
        return (
          <div key={kind} class="since-group">
            <h3>{t("panel_groupCount", changeKindLabel(kind), formatNumber(ofKind.length))}</h3>
            <ul class="history-list">
              {ofKind.map((entry) => (
                <li key={entry.seq ?? `${entry.at} ${entry.tradeId}`}>
                  <time dateTime={entry.at}>{formatMoment(entry.at, now)}</time> <span class="trade-ref">{entry.tradingId}</span> {entry.text}
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </section>
  );
}
