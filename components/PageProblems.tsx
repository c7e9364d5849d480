import { useEffect, useId, useRef, useState } from "preact/hooks";
import type { PageProblem } from "../lib/background/page-problems";
import { t } from "../lib/i18n/t";
import { formatMoment } from "./dates";

export interface PageProblemsProps {
  /** Newest first. */
  problems: PageProblem[];
  now: string;
  /** Puts text on the clipboard; rejects when the browser refuses. */
  onCopy: (text: string) => Promise<void>;
  onDismissAll: () => void;
}

/**
 * "Pages TradeWatch could not read": pages an adapter recognised but could not read, each
 * with a diagnostic to copy into a report (selector names and counts, no personal data).
 */
export function PageProblems({ problems, now, onCopy, onDismissAll }: PageProblemsProps) {
  const headingId = useId();
  if (problems.length === 0) return null;
  return (
    <section class="panel panel-warning" aria-labelledby={headingId}>
      <div class="panel-head">
        <h2 id={headingId}>{t("panel_problemsHeading")}</h2>
        <button type="button" class="link-button" onClick={onDismissAll} aria-label={t("panel_dismissProblems")}>
          {t("panel_dismissAll")}
        </button>
      </div>
      <ul class="history-list">
        {problems.map((problem) => (
          <Problem key={`${problem.at} ${problem.diagnostic.adapter} ${problem.diagnostic.page}`} problem={problem} now={now} onCopy={onCopy} />
        ))}
      </ul>
    </section>
  );
}

type CopyState = "idle" | "copied" | "refused";

function Problem({ problem, now, onCopy }: { problem: PageProblem; now: string; onCopy: (text: string) => Promise<void> }) {
  const [state, setState] = useState<CopyState>("idle");
  const box = useRef<HTMLTextAreaElement>(null);
  const text = JSON.stringify(problem.diagnostic, null, 2);

  // Where the clipboard is refused, the diagnostic is shown selected, to copy by hand.
  useEffect(() => {
    if (state !== "refused") return;
    box.current?.focus();
    box.current?.select();
  }, [state]);

  const copy = () => onCopy(text).then(() => setState("copied"), () => setState("refused"));
  return (
    <li>
      <time dateTime={problem.at}>{formatMoment(problem.at, now)}</time> {problem.message}{" "}
      <span class="muted">({problem.diagnostic.page})</span>
      <div class="field">
        <button type="button" class="button button-small" onClick={() => void copy()}>
          {t("panel_copyDiagnostic")}
        </button>
        <span role="status">
          {state === "copied" ? t("panel_diagnosticCopied") : state === "refused" ? t("panel_copyByHand") : ""}
        </span>
        {state === "refused" && <textarea ref={box} readOnly rows={8} aria-label={t("panel_diagnostic")} value={text} />}
      </div>
    </li>
  );
}
