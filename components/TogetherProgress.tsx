import { collectiveProgress, isCollectiveDone, type ParticipantStep } from "../lib/domain/coordinator";
import type { CollectiveRecord, Intent } from "../lib/domain/types";
import type { MessageKey } from "../lib/i18n/catalog";
import { t, tn, type CountedKey } from "../lib/i18n/t";
import { formatMoment } from "./dates";
import { formatNumber, listOf, textAround, type StatusTone } from "./labels";
import { Chip } from "./ui/Chip";

/** The words that differ between confirming and cancelling. */
interface IntentWords {
  together: CountedKey;
  committing: MessageKey;
  committed: MessageKey;
  asking: MessageKey;
  ready: MessageKey;
  all: MessageKey;
  partly: MessageKey;
}

const WORDS: Record<Intent, IntentWords> = {
  complete: {
    together: "together_confirmingTogether",
    committing: "together_confirming",
    committed: "together_stepConfirmed",
    asking: "together_askingConfirm",
    ready: "together_readyConfirming",
    all: "together_allConfirmed",
    partly: "together_partlyConfirmed",
  },
  fail: {
    together: "together_cancellingTogether",
    committing: "together_cancelling",
    committed: "together_stepCancelled",
    asking: "together_askingCancel",
    ready: "together_readyCancelling",
    all: "together_allCancelled",
    partly: "together_partlyCancelled",
  },
};

const STEPS: Record<ParticipantStep, { label: (intent: Intent) => MessageKey; tone: StatusTone }> = {
  asking: { label: () => "together_stepAsking", tone: "progress" },
  ready: { label: () => "together_stepReady", tone: "progress" },
  refused: { label: () => "together_stepRefused", tone: "attention" },
  unreachable: { label: () => "together_stepUnreachable", tone: "attention" },
  committing: { label: (intent) => WORDS[intent].committing, tone: "progress" },
  aborting: { label: () => "together_stepUndoing", tone: "progress" },
  committed: { label: (intent) => WORDS[intent].committed, tone: "done" },
  aborted: { label: () => "together_stepUnchanged", tone: "none" },
  unresolved: { label: () => "together_stepUnresolved", tone: "attention" },
};

/** Where the whole transaction stands, in one sentence. */
export function collectiveOutcome(collective: CollectiveRecord): string {
  const { intent, decision, participants } = collective;
  const words = WORDS[intent];
  const orders = tn("together_orders", participants.length);
  if (decision === null) return t(words.asking);
  const done = isCollectiveDone(collective);
  const unsure = participants
    .filter((each) => each.finished === "unresolved")
    .map(({ shopName, tradingId }) => t("trade_orderAt", tradingId, shopName));
  if (decision.outcome === "commit" && unsure.length > 0) {
    return t(words.partly, formatNumber(participants.length - unsure.length), orders, listOf(unsure));
  }
  if (decision.outcome === "commit") return t(done ? words.all : words.ready, orders);
  const blockers = participants.flatMap(({ vote, shopName, tradingId, voteMessage }) => {
    const because = (text: string) => (voteMessage ? t("together_because", text, voteMessage) : text);
    if (vote === "refused") return [because(t("together_refused", shopName, tradingId))];
    if (vote === "unreachable") return [because(t("together_unreachable", shopName, tradingId))];
    return [];
  });
  const why = blockers.length > 0 ? listOf(blockers) : decision.reason;
  // A shop that voted ready and never heard the abort still holds its order (docs/protocol.md).
  if (unsure.length > 0) return t("together_calledOffUnresolved", why, listOf(unsure));
  return t(done ? "together_nothingChanged" : "together_callingOff", why);
}

export interface TogetherProgressProps {
  /** Recent all-or-nothing transactions, newest first. */
  collectives: CollectiveRecord[];
  now: string;
  /** The heading's id, for the popup to move the focus to it once a transaction has started. */
  headingId: string;
}

/** Each all-or-nothing transaction shop by shop while it runs, and how it ended (seed 000 claims 2–3). */
export function TogetherProgress({ collectives, now, headingId }: TogetherProgressProps) {
  if (collectives.length === 0) return null;
  return (
    <section class="panel together-progress" aria-labelledby={headingId} aria-live="polite">
      <h2 id={headingId} tabIndex={-1}>
        {t("together_heading")}
      </h2>
      <ul class="collective-list">
        {collectives.map((collective) => (
          <li key={collective.id} class="collective">
            <p class="collective-title">
              <strong>{tn(WORDS[collective.intent].together, collective.participants.length)}</strong>{" "}
              <span class="muted">
                · <Started at={collective.createdAt} now={now} />
              </span>
            </p>
            <ul class="collective-steps">
              {collectiveProgress(collective).map((row) => (
                <li key={row.tradeId}>
                  {row.shopName} <span class="trade-ref">{row.tradingId}</span>{" "}
                  <Chip tone={STEPS[row.step].tone}>{t(STEPS[row.step].label(collective.intent))}</Chip>
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

/** "started 10:32", the time a machine-readable element wherever the language puts it. */
function Started({ at, now }: { at: string; now: string }) {
  const [before, after] = textAround("together_started");
  return (
    <>
      {before}
      <time dateTime={at}>{formatMoment(at, now)}</time>
      {after}
    </>
  );
}
