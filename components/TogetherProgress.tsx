import { useId } from "preact/hooks";
import { collectiveProgress, isCollectiveDone, type ParticipantStep } from "../lib/domain/coordinator";
import type { CollectiveRecord, Intent } from "../lib/domain/types";
import { formatMoment } from "./dates";
import { capitalise, countOf, INTENT_VERBS, listOf, type StatusTone } from "./labels";

const DOING: Record<Intent, string> = { complete: "Confirming", fail: "Cancelling" };
const DONE: Record<Intent, string> = { complete: "confirmed", fail: "cancelled" };

const STEPS: Record<ParticipantStep, { label: (intent: Intent) => string; tone: StatusTone }> = {
  asking: { label: () => "Asking…", tone: "progress" },
  ready: { label: () => "Ready", tone: "progress" },
  refused: { label: () => "Refused", tone: "attention" },
  unreachable: { label: () => "Not reachable", tone: "attention" },
  committing: { label: (intent) => `${DOING[intent]}…`, tone: "progress" },
  aborting: { label: () => "Undoing…", tone: "progress" },
  committed: { label: (intent) => capitalise(DONE[intent]), tone: "done" },
  aborted: { label: () => "Unchanged", tone: "none" },
  unresolved: { label: () => "Check with the shop", tone: "attention" },
};

/** Where the whole transaction stands, in one sentence. */
export function collectiveOutcome(collective: CollectiveRecord): string {
  const { intent, decision, participants } = collective;
  const orders = countOf(participants.length, "order");
  if (decision === null) return `Asking each shop whether it can ${INTENT_VERBS[intent]}…`;
  const done = isCollectiveDone(collective);
  const unsure = participants.filter((each) => each.finished === "unresolved").map(({ shopName, tradingId }) => `${tradingId} at ${shopName}`);
  if (decision.outcome === "commit" && unsure.length > 0) {
    const settled = participants.length - unsure.length;
    return `${settled} of ${orders} ${DONE[intent]}; TradeWatch could not tell what happened to ${listOf(unsure)}: check with the shop`;
  }
  if (decision.outcome === "commit") return done ? `All ${orders} ${DONE[intent]}` : `Every shop is ready: ${DOING[intent].toLowerCase()} all ${orders}…`;
  const blockers = participants.flatMap(({ vote, shopName, tradingId, voteMessage }) => {
    const why = voteMessage ? ` (${voteMessage})` : "";
    if (vote === "refused") return [`${shopName} refused ${tradingId}${why}`];
    if (vote === "unreachable") return [`${shopName} could not be reached about ${tradingId}${why}`];
    return [];
  });
  const why = blockers.length > 0 ? listOf(blockers) : decision.reason;
  return done ? `Nothing was changed: ${why}` : `Calling it off, nothing will be changed: ${why}`;
}

export interface TogetherProgressProps {
  /** Recent all-or-nothing transactions, newest first. */
  collectives: CollectiveRecord[];
  now: string;
}

/** Each all-or-nothing transaction shop by shop while it runs, and how it ended (seed 000 claims 2–3). */
export function TogetherProgress({ collectives, now }: TogetherProgressProps) {
  const headingId = useId();
  if (collectives.length === 0) return null;
  return (
    <section class="panel together-progress" aria-labelledby={headingId} aria-live="polite">
      <h2 id={headingId}>Orders finalised together</h2>
      <ul class="collective-list">
        {collectives.map((collective) => (
          <li key={collective.id} class="collective">
            <p class="collective-title">
              <strong>
                {DOING[collective.intent]} {countOf(collective.participants.length, "order")} together
              </strong>{" "}
              <span class="muted">
                · started <time dateTime={collective.createdAt}>{formatMoment(collective.createdAt, now)}</time>
              </span>
            </p>
            <ul class="collective-steps">
              {collectiveProgress(collective).map((row) => (
                <li key={row.tradeId}>
                  {row.shopName} <span class="trade-ref">{row.tradingId}</span>{" "}
                  <span class={`chip chip-${STEPS[row.step].tone}`}>{STEPS[row.step].label(collective.intent)}</span>
                  {row.message && <span class="collective-message"> {row.message}</span>}
                </li>
              ))}
            </ul>
            <p class="collective-outcome">{collectiveOutcome(collective)}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
