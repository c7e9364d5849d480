import { useEffect, useId, useState } from "preact/hooks";
import { summariseChanges } from "../lib/domain/since";
import type { ChangeEntry, ChangeKind } from "../lib/domain/types";
import { formatMoment } from "./dates";
import { CHANGE_KIND_LABELS } from "./labels";

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
  const { headline } = summariseChanges(entries);
  const kinds = (Object.keys(CHANGE_KIND_LABELS) as ChangeKind[]).filter((kind) =>
    entries.some((entry) => entry.kind === kind),
  );
  return (
    <section class="panel since-last-visit" aria-labelledby={headingId}>
      <div class="panel-head">
        <h2 id={headingId}>Since your last visit</h2>
        <button type="button" class="link-button" onClick={() => setDismissed(true)}>
          Dismiss<span class="visually-hidden"> since your last visit</span>
        </button>
      </div>
      <p class="since-headline">{headline}</p>
      {kinds.map((kind) => {
        const ofKind = entries.filter((entry) => entry.kind === kind).reverse();
        return (
          <div key={kind} class="since-group">
            <h3>
              {CHANGE_KIND_LABELS[kind]} ({ofKind.length})
            </h3>
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
